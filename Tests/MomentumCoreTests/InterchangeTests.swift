import Foundation
import Testing
@testable import MomentumCore

/// Task lists in (Taskwarrior, todo.txt, Markdown) and plans out (Taskwarrior, iCalendar).
@Suite struct InterchangeTests {
    static func read(_ text: String, _ source: TaskImport.Source, file: String = "list") throws -> [Plan] {
        try TaskImport.read(Data(text.utf8), as: source, file: file)
    }

    @Test func todoTxtBecomesAStalledPlanPerProjectWithPrioritiesFirst() throws {
        let plans = try Self.read("""
            x 2026-10-03 2026-09-20 Draft the pricing table +billing
            (B) 2026-09-20 Compare two providers +billing @computer
            (A) 2026-09-21 Pick a payment provider +billing due:2026-09-24

            Call the accountant @phone
            """, .todotxt, file: "todo.txt")
        #expect(plans.map(\.goal) == ["billing", "todo"])
        let billing = plans[0]
        #expect(billing.milestones.map(\.title) == ["Draft the pricing table", "Pick a payment provider", "Compare two providers @computer"])
        #expect(billing.milestones.map(\.status) == [.done, .open, .open])
        #expect(billing.milestones[1].timeboxDays == 3)
        #expect(billing.milestones[0].closedAt == TaskImport.parseDay("2026-10-03"))
        #expect(billing.stalled == StalledContext(lastProgress: "\"Draft the pricing table\", finished on 2026-10-03", blocker: ""))
        #expect(billing.milestones.filter(\.isCandidate).count == 2)
    }

    /// Found by the tasks fuzz harness (docs/fuzzing.md): a due date years away gave a timebox of
    /// 740,028 days, so `export` wrote a plan that `import` then refused.
    @Test(arguments: [(TaskImport.Source.todotxt, "(A) 2026-09-14 Edit the pilot +podcast due:4052-10-30\n"),
                      (.taskwarrior, #"[{"description": "Edit the pilot", "status": "pending", "entry": "20260914T000000Z", "due": "40521030T000000Z"}]"#)])
    func aFarDueDateGivesTheLongestTimeboxAPlanCanHold(source: TaskImport.Source, text: String) throws {
        let plans = try Self.read(text, source)
        #expect(plans[0].milestones[0].timeboxDays == Timebox.maxDays)
        #expect(try PlanJSON.decode(PlanJSON.encode(plans)) == plans)
    }

    /// Dates are read by hand now (a regex literal was compiled for every line); the shapes kept.
    /// A regex's \d also took full-width digits, which Int() then refused.
    @Test(arguments: [
        ("2026-11-20", "2026-11-20T00:00:00Z"), ("2026-02-30", nil), ("2026-1-20", nil), ("2026/11/20", nil),
        ("２０２６-１１-２０", nil), ("20261120T090000Z", "2026-11-20T09:00:00Z"), ("20261320T090000Z", nil),
        ("20261120T0900Z", nil), ("20261120T090000", nil), ("2026-11-20T09:00:00Z", "2026-11-20T09:00:00Z"),
    ] as [(String, String?)])
    func datesAreReadInTheirExactShapes(text: String, date: String?) {
        let expected = date.flatMap(ISODate.parse)
        if text.count == 10 { #expect(TaskImport.parseDay(text) == expected) } else { #expect(TaskwarriorFormat.parseDate(text) == expected) }
    }

    @Test func priorityAndFullWidthDatesInTodoTxt() throws {
        let plans = try Self.read("(B) ２０２６-１１-２０ Call the venue\n(a) Book the hall\n", .todotxt)
        #expect(plans[0].milestones.map(\.title).sorted() == ["(a) Book the hall", "２０２６-１１-２０ Call the venue"])
    }

    @Test func aFileFromWindowsWithAByteOrderMarkReadsTheSame() throws {
        let plans = try Self.read("\u{FEFF}x 2026-10-03 Draft the table +billing\r\n(A) Pick a provider +billing\r\n", .todotxt)
        #expect(plans.map(\.goal) == ["billing"])
        #expect(plans[0].milestones.map(\.title) == ["Draft the table", "Pick a provider"])
        #expect(plans[0].milestones.map(\.status) == [.done, .open])
    }

    @Test func nestedMarkdownItemsAreTheCandidatesAndTheHeadingIsTheGoal() throws {
        let plans = try Self.read("""
            # Launch the podcast

            - [x] Buy a microphone
            - [ ] Record episode one
              - [ ] Write the outline
              * [X] Book a guest
            1. [ ] Work on marketing
            Some prose that is not a task.
            """, .markdown)
        #expect(plans.count == 1)
        #expect(plans[0].goal == "Launch the podcast")
        #expect(plans[0].milestones.map(\.title) == ["Buy a microphone", "Book a guest (part of: Record episode one)",
                                                     "Write the outline (part of: Record episode one)", "Work on marketing"])
    }

    @Test func momentumsOwnMarkdownExportReadsBackWithItsFields() throws {
        var plan = Plan(goal: "Ship the billing page", outcome: "Customers upgrade alone",
                        metric: Metric(name: "upgrades per week", baseline: "2", target: "10"),
                        stalled: StalledContext(lastProgress: "pricing live in September", blocker: "no provider"))
        plan.milestones = [
            Milestone(title: "Compare providers", criterion: "Dana approves the note", artifact: "docs/providers.md",
                      timeboxDays: 2, owner: "Dana", moves: "unblocks payments"),
            Milestone(title: "Pilot", criterion: "Acme upgrades", status: .done),
        ]
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        let back = try Self.read(PlanMarkdown.render(plan, calendar: utc), .markdown)[0]
        #expect(back.goal == plan.goal)
        #expect(back.outcome == plan.outcome)
        #expect(back.metric == plan.metric)
        #expect(back.stalled == plan.stalled)
        #expect(back.milestones.map(\.title) == ["Compare providers", "Pilot"])
        let compare = back.milestones[0]
        #expect([compare.criterion, compare.artifact, compare.owner, compare.moves] == ["Dana approves the note", "docs/providers.md", "Dana", "unblocks payments"])
        #expect(compare.timeboxDays == 2)
    }

    /// `reopen` restarted a step's timebox by its creation date, which named it in exports: the
    /// next `task import` added a second task and a calendar a second to-do.
    @Test func aStepWhoseTimeboxRestartsKeepsItsTaskAndItsToDo() throws {
        var plan = Plan(goal: "Write the grant", metric: Metric(name: "sections drafted"),
                        milestones: [Milestone(title: "Draft the budget", createdAt: ISODate.parse("2026-11-16T09:00:00Z"))])
        plan.id = 4
        plan.createdAt = ISODate.parse("2026-11-16T09:00:00Z")
        let names = { (plan: Plan) throws -> (uuid: String?, uid: String?) in
            let task = try JSONSerialization.jsonObject(with: TaskwarriorFormat.export(plan)) as? [[String: Any]]
            let calendar = String(decoding: ICalendarFormat.export(plan, stamp: Date(), version: "t"), as: UTF8.self)
            return (task?.first?["uuid"] as? String, calendar.split(separator: "\r\n").first { $0.hasPrefix("UID:") }.map(String.init))
        }
        let before = try names(plan)
        plan.restartTimebox(of: 0, at: ISODate.parse("2026-11-25T09:00:00Z")!)
        let after = try names(plan)
        #expect(after.uuid == before.uuid && after.uuid != nil)
        #expect(after.uid == before.uid && after.uid != nil)
        #expect(plan.milestones[0].createdAt == ISODate.parse("2026-11-25T09:00:00Z"))
    }

    /// A task imported without a timebox was exported as "1 day", which came back as a given one.
    @Test func aTimeboxNobodyGaveStaysUngivenThroughMarkdown() throws {
        let plan = Plan(goal: "Launch the podcast", metric: Metric(name: "listeners"),
                        milestones: [Milestone(title: "Record the pilot", timeboxDays: nil)])
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        let markdown = PlanMarkdown.render(plan, calendar: utc)
        #expect(markdown.contains("**1. Record the pilot** — no timebox, owner: me"), "\(markdown)")
        #expect(try Self.read(markdown, .markdown)[0].milestones[0].givenTimeboxDays == nil)
    }

    /// A trial's export said "(now: 2; target: 10 by March)", its latest reading, and reading it
    /// back made 2 the baseline (it was 0). With a reading the export names the baseline too.
    @Test(arguments: [
        ("5", "upgrades per week (baseline: 2; now: 5; target: 10)"),
        (nil, "upgrades per week (now: 2; target: 10)"),
    ])
    func theMarkdownExportKeepsTheBaselineBesideTheLatestReading(reading: String?, line: String) throws {
        var plan = Plan(goal: "Ship the billing page", metric: Metric(name: "upgrades per week", baseline: "2", target: "10"),
                        milestones: [Milestone(title: "Compare providers", status: .done)])
        plan.wins = [Win(milestone: 1, date: Date(timeIntervalSince1970: 1_763_900_000), note: "Chose Paddle", metricReading: reading)]
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        let markdown = PlanMarkdown.render(plan, calendar: utc)
        #expect(markdown.contains("**Leading metric:** \(line)"))
        #expect(try Self.read(markdown, .markdown)[0].metric == plan.metric)
    }

    /// A trial's "Donations pledged (USD)" came back as "Donations pledged", with its latest
    /// reading as the baseline (or, with no reading, no baseline at all).
    @Test(arguments: [nil, "7"])
    func aMetricNameWithItsOwnParenthesesSurvivesTheMarkdownRoundTrip(reading: String?) throws {
        var plan = Plan(goal: "Fund the shelter roof", metric: Metric(name: "Donations pledged (USD)", baseline: "3 (in cash)", target: "10 (by March)"),
                        milestones: [Milestone(title: "Call the five donors", status: .done)])
        plan.wins = [Win(milestone: 1, date: Date(timeIntervalSince1970: 1_763_900_000), note: "Two pledged", metricReading: reading)]
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        #expect(try Self.read(PlanMarkdown.render(plan, calendar: utc), .markdown)[0].metric == plan.metric)
    }

    /// A skipped step moved up on re-import, so "step 2" named another step than in the export.
    @Test func momentumsMarkdownExportKeepsItsStepNumbers() throws {
        let plan = Plan(goal: "Ship the billing page", metric: Metric(name: "upgrades per week"), milestones: [
            Milestone(title: "Compare providers"), Milestone(title: "Ask Dana", status: .skipped),
            Milestone(title: "Pilot", status: .done), Milestone(title: "Old idea", status: .dropped),
        ])
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        let back = try Self.read(PlanMarkdown.render(plan, calendar: utc), .markdown)[0]
        #expect(back.milestones.map(\.title) == plan.milestones.map(\.title))
        #expect(back.milestones.map(\.status) == plan.milestones.map(\.status))
        let ownList = try Self.read("- [ ] Compare providers\n- [x] Pilot\n", .markdown)[0]
        #expect(ownList.milestones.map(\.title) == ["Pilot", "Compare providers"], "a list of one's own puts finished work first")
    }

    /// A trial's export called a blocked step skipped, dropped its reason, and made evidence
    /// that is no link into broken links.
    @Test func theMarkdownExportSaysABlockedStepsReasonAndLinksOnlyLinks() throws {
        var plan = Plan(goal: "Bring customers back", metric: Metric(name: "repeat orders"), milestones: [
            Milestone(title: "Print the insert cards", status: .skipped), Milestone(title: "Email past buyers", status: .done),
        ])
        plan.skips = [Skip(milestone: 1, date: Date(timeIntervalSince1970: 1_763_900_000), kind: .blocked, reason: "printer broke, new one arrives friday")]
        plan.wins = [Win(milestone: 2, date: Date(timeIntervalSince1970: 1_763_900_000), note: "Sent 38", evidence: "the code and the sent emails"),
                     Win(milestone: 2, date: Date(timeIntervalSince1970: 1_763_900_000), note: "Shop live", evidence: "etsy.com/shop/wickandwillow"),
                     Win(milestone: 2, date: Date(timeIntervalSince1970: 1_763_900_000), note: "Notes", evidence: "https://example.org/my notes")]
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        let markdown = PlanMarkdown.render(plan, calendar: utc)
        #expect(markdown.contains("- [ ] **1. Print the insert cards** (blocked) — 1 day, owner: me\n  - Set aside (blocked): printer broke, new one arrives friday\n"), "\(markdown)")
        #expect(markdown.contains(": Sent 38 (evidence: the code and the sent emails)"))
        #expect(markdown.contains(": Shop live ([evidence](<https://etsy.com/shop/wickandwillow>))"))
        #expect(markdown.contains(": Notes ([evidence](<https://example.org/my notes>))"))
        let back = try Self.read(markdown, .markdown)[0]
        #expect(back.milestones.map(\.status) == [.skipped, .done])
    }

    @Test func taskwarriorExportRoundTripsEveryFieldItCarries() throws {
        let created = ISODate.parse("2026-11-02T09:00:00Z")!
        var plan = Plan(id: 7, goal: "Ship the billing page", createdAt: created)
        plan.milestones = [
            Milestone(title: "Compare providers", criterion: "Dana approves the note", artifact: "docs/providers.md",
                      timeboxDays: 2, owner: "Dana", moves: "unblocks payments", createdAt: created),
            Milestone(title: "Pilot, with one customer", criterion: "Acme upgrades", status: .done, createdAt: created,
                      closedAt: ISODate.parse("2026-11-05T10:00:00Z")),
            Milestone(title: "Old idea", criterion: "x", status: .dropped, createdAt: created, closedAt: created),
            Milestone(title: "Waiting", criterion: "y", status: .skipped, createdAt: created),
        ]
        let data = TaskwarriorFormat.export(plan)
        #expect(TaskwarriorFormat.export(plan) == data)
        let back = try TaskImport.read(data, as: .taskwarrior, file: "tw.json")[0]
        #expect(back.goal == plan.goal)
        let byTitle = Dictionary(uniqueKeysWithValues: back.milestones.map { ($0.title, $0) })
        for milestone in plan.milestones {
            let read = try #require(byTitle[milestone.title])
            #expect(read.criterion == milestone.criterion)
            #expect(read.artifact == milestone.artifact)
            #expect(read.owner == milestone.owner)
            #expect(read.moves == milestone.moves)
            #expect(read.timeboxDays == milestone.timeboxDays)
            #expect(read.status == milestone.status)
            #expect(read.createdAt == milestone.createdAt)
            if milestone.status == .done { #expect(read.closedAt == milestone.closedAt) }
        }
    }

    /// What Taskwarrior 2.6's `task export` writes for a project: each task with what Momentum has
    /// no field for (priority, tags, wait, depends, a UDA, its own annotation).
    static let gardenExport = """
        [
        {"id":1,"description":"Dig the bed","due":"20261220T170000Z","entry":"20261202T013533Z","modified":"20261202T013533Z","priority":"H","project":"garden","status":"pending","uuid":"a800ad49-f653-48c3-85a5-f501fc826993","wait":"20261210T000000Z","annotations":[{"entry":"20261202T013533Z","description":"ask the neighbour"},{"entry":"20261202T013534Z","description":"Done when: the bed is a spade deep"}],"tags":["outside"],"urgency":16},
        {"id":2,"description":"Buy seeds","entry":"20261202T013533Z","modified":"20261202T013533Z","project":"garden","status":"pending","uuid":"f7bf719c-829a-4856-b608-cf68d279302d","depends":["a800ad49-f653-48c3-85a5-f501fc826993"],"urgency":-4},
        {"id":3,"description":"Water the seedlings","entry":"20261202T013533Z","project":"garden","status":"pending","uuid":"add76156-b336-4199-858c-301888d1445c","tags":["skipped","daily"],"estimate":"2h","urgency":1},
        {"id":0,"description":"Order compost","end":"20261202T013533Z","entry":"20261202T013533Z","modified":"20261202T013533Z","project":"garden","status":"completed","uuid":"697b435e-f119-47c7-8a88-6e5b52fccadb","urgency":1}
        ]
        """

    static func exportedTasks(_ plan: Plan) throws -> [String: [String: Any]] {
        let tasks = try #require(try JSONSerialization.jsonObject(with: TaskwarriorFormat.export(plan)) as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: tasks.map { ($0["uuid"] as? String ?? "", $0) })
    }

    /// The same value as JSON text, so values of any shape compare.
    static func json(_ value: Any?) -> String {
        value.map { String(decoding: try! JSONSerialization.data(withJSONObject: [$0], options: .sortedKeys), as: UTF8.self) } ?? "none"
    }

    /// Exported again, each task has its uuid (so `task import` updates it instead of adding a
    /// copy), its own due date or none, and what Momentum has no field for as it was.
    @Test(arguments: [
        ("a800ad49-f653-48c3-85a5-f501fc826993", "20261220T170000Z",
         #"{"priority": "H", "wait": "20261210T000000Z", "tags": ["outside"], "status": "pending", "annotations": [{"entry": "20261202T013533Z", "description": "ask the neighbour"}, {"entry": "20261202T013534Z", "description": "Done when: the bed is a spade deep"}]}"#),
        ("f7bf719c-829a-4856-b608-cf68d279302d", nil, #"{"depends": ["a800ad49-f653-48c3-85a5-f501fc826993"], "status": "pending"}"#),
        ("add76156-b336-4199-858c-301888d1445c", nil, #"{"tags": ["daily", "skipped"], "estimate": "2h", "status": "pending"}"#),
        ("697b435e-f119-47c7-8a88-6e5b52fccadb", nil, #"{"end": "20261202T013533Z", "status": "completed"}"#),
    ] as [(String, String?, String)])
    func aTaskwarriorTaskComesBackAsItWas(uuid: String, due: String?, kept: String) throws {
        let plan = try Self.read(Self.gardenExport, .taskwarrior)[0]
        let task = try #require(try Self.exportedTasks(plan)[uuid], "the task's own uuid")
        #expect(task["due"] as? String == due)
        #expect(task["project"] as? String == "garden")
        let expected = try #require(try JSONSerialization.jsonObject(with: Data(kept.utf8)) as? [String: Any])
        for (key, value) in expected { #expect(Self.json(task[key]) == Self.json(value), "\(key)") }
        #expect(task["id"] == nil && task["urgency"] == nil && task["modified"] == nil, "Taskwarrior computes these")
    }

    @Test func aTaskwarriorRoundTripKeepsEveryUUIDAndInventsNoDueDate() throws {
        let plan = try Self.read(Self.gardenExport, .taskwarrior)[0]
        let original = try #require(try JSONSerialization.jsonObject(with: Data(Self.gardenExport.utf8)) as? [[String: Any]])
        let exported = try Self.exportedTasks(plan)
        #expect(Set(exported.keys) == Set(original.compactMap { $0["uuid"] as? String }))
        #expect(exported.values.filter { $0["due"] != nil }.count == 1)
        #expect(plan.milestones.map(\.title) == ["Order compost", "Water the seedlings", "Dig the bed", "Buy seeds"])
        #expect(plan.milestones.map(\.givenTimeboxDays) == [nil, nil, 13, nil], "only the task with a due date has a timebox, in work days")
        #expect(plan.milestones.map(\.status) == [.done, .skipped, .open, .open])
        #expect(plan.milestones[2].criterion == "the bed is a spade deep")
        // Read back, it is the same plan, and written again, the same bytes.
        let again = try TaskImport.read(TaskwarriorFormat.export(plan), as: .taskwarrior, file: "garden.json")[0]
        #expect(again.milestones == plan.milestones)
        #expect(TaskwarriorFormat.export(again) == TaskwarriorFormat.export(plan))
        #expect(try PlanJSON.decode(PlanJSON.encode([plan])) == [plan])
    }

    /// A uuid two milestones hold (a hand edit) is written once: the second task gets a derived one.
    @Test func aUUIDIsNeverWrittenTwice() throws {
        var plan = try Self.read(Self.gardenExport, .taskwarrior)[0]
        plan.milestones.append(plan.milestones[1])
        plan.milestones[4].title = "Dig the bed, again"
        let exported = try Self.exportedTasks(plan)
        #expect(exported.count == 5)
        #expect(exported["a800ad49-f653-48c3-85a5-f501fc826993"]?["description"] as? String == "Dig the bed")
    }

    /// Entry 2026-11-02 09:00: which due date the exports write for each kind of timebox.
    @Test(arguments: [
        (nil, nil, nil),                                      // nobody gave a timebox: no due date
        (2, nil, "20261104T090000Z"),                         // one typed: entry plus the timebox
        (3, "2026-11-04T17:00:00Z", "20261104T170000Z"),      // the task's own, read as 3 whole days
        (1, "2026-11-04T17:00:00Z", "20261103T090000Z"),      // a timebox changed since the import
    ] as [(Double?, String?, String?)])
    func theDueDateExportedIsOneSomebodyGave(timebox: Double?, taskDue: String?, expected: String?) throws {
        let created = ISODate.parse("2026-11-02T09:00:00Z")!
        let plan = Plan(id: 1, goal: "g", milestones: [
            Milestone(title: "t", timeboxDays: timebox, createdAt: created, importedTask: ImportedTask(due: taskDue.flatMap(ISODate.parse))),
        ], createdAt: created)
        #expect(try Self.exportedTasks(plan).values.first?["due"] as? String == expected)
        let calendar = String(decoding: ICalendarFormat.export(plan, stamp: created, version: "0.1.0"), as: UTF8.self)
        #expect(calendar.contains("\r\nDUE:") == (expected != nil))
        if let expected { #expect(calendar.contains("DUE:\(expected)\r\n")) }
    }

    /// `plan-all-tiny` as the shipped rules tune it (5 milestones, 1 day): a fresh import of tasks
    /// without due dates used to draw it from timeboxes nobody gave.
    @Test(arguments: [
        ([1, 1, 0.5, 1, 1], true),
        ([nil, nil, nil, nil, nil, nil], false),
        ([1, 1, 1, 1, 1, nil], false),
        ([1, 1, 1, 1, 3], false),
    ] as [([Double?], Bool)])
    func onlyGivenTimeboxesMakeAPlanAllTiny(timeboxes: [Double?], tiny: Bool) {
        let plan = Plan(goal: "g", milestones: timeboxes.map { Milestone(title: "t", timeboxDays: $0) })
        #expect((PlanCondition(name: .allTiny, maxDays: 1, minMilestones: 5).evaluate(plan) != nil) == tiny)
    }

    @Test func stableIDsSurviveAnEditAndAStepInsertedBefore() {
        let created = ISODate.parse("2026-11-02T09:00:00Z")!
        var plan = Plan(id: 3, goal: "g", milestones: [Milestone(title: "a", createdAt: created), Milestone(title: "b", createdAt: created)],
                        createdAt: created)
        let before = StableID.uuid(plan, milestone: 1)
        plan.milestones[1].title = "b, sharpened"
        plan.milestones.insert(Milestone(title: "today", createdAt: created.addingTimeInterval(86_400)), at: 0)
        #expect(StableID.uuid(plan, milestone: 2) == before)
        #expect(StableID.uuid(plan, milestone: 1) != before)
        #expect(before.wholeMatch(of: /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/) != nil)
    }

    @Test(arguments: [
        (TaskImport.Source.todotxt, "Call Dana +billing\nx 2026-13-01 Old thing\n", "list:2: '2026-13-01' is not a date; todo.txt dates are YYYY-MM-DD"),
        (.todotxt, "Pay invoice due:friday\n", "list:1: due:friday is not a date; write due:YYYY-MM-DD"),
        (.todotxt, "(A) +billing @phone\n", "list:1: the task has no words besides its marks; write what it is, e.g. (A) Call Dana +billing"),
        (.todotxt, "\n\n", "list: no tasks in it"),
        (.markdown, "# Goal\n\n- [ ] One\n- [y] Two\n", "list:4: '[y]' is not a task box; write - [ ] for an open task or - [x] for a done one"),
        (.markdown, "- [] Two\n", "list:1: '[]' is not a task box; write - [ ] for an open task or - [x] for a done one"),
        // A trial's empty box was called "not a task box" and told to write the box it was.
        (.markdown, "- [ ] One\n- [ ]    \n", "list:2: the task has no words; write what it is after the box"),
        (.markdown, "# Just prose\n\nNo list here.\n", "list: no task-list items (- [ ] or - [x])"),
        (.taskwarrior, "{\"description\": \"x\"}", "list: $: expected a list of tasks, as task export writes"),
        (.taskwarrior, "[{\"description\": \"a\"}, {\"status\": \"pending\"}]", "list: $[1].description: missing; every task needs one"),
        (.taskwarrior, "[{\"description\": \"a\", \"status\": \"started\"}]", "list: $[0].status: unknown value \"started\"; expected pending, waiting, completed, deleted or recurring"),
        (.taskwarrior, "[{\"description\": \"a\", \"due\": \"tomorrow\"}]", "list: $[0].due: expected a date like 20261120T090000Z, got \"tomorrow\""),
        (.taskwarrior, "[{\"description\": \"a\", \"annotations\": [{\"entry\": \"x\"}]}]", "list: $[0].annotations[0]: expected an object with a description"),
        (.taskwarrior, "[\n{\"description\": \"a\"\n]", "list:3:"),
        (.taskwarrior, "[{\"description\": \"a\", \"uuid\": \"a800ad49\"}]", "list: $[0].uuid: expected a uuid like 5f0c3b1e-8a2d-4c6f-9e7b-1d2a3c4b5e6f, got \"a800ad49\""),
        (.taskwarrior, "[{\"description\": \"a\", \"uuid\": \"A800AD49-F653-48C3-85A5-F501FC826993\"}, {\"description\": \"b\", \"uuid\": \"a800ad49-f653-48c3-85a5-f501fc826993\"}]",
         "list: $[1].uuid: the same uuid as $[0]; each task needs its own"),
        (.taskwarrior, "[{\"description\": \"a\", \"tags\": [\"x\", 3]}]", "list: $[0].tags: expected a list of strings"),
    ])
    func everyFormatLocatesWhatIsWrongAndImportsNothing(source: TaskImport.Source, text: String, message: String) {
        #expect {
            try Self.read(text, source)
        } throws: { error in
            "\(error)".hasPrefix(message)
        }
    }

    @Test(arguments: [
        ("tasks.json", "[{\"id\":1,\"description\":\"a\"}]", TaskImport.Sniffed.source(.taskwarrior)),
        ("plan.json", "{\"version\":1,\"goal\":\"g\"}", .plan),
        ("notes", "intro\n- [ ] a task\n", .source(.markdown)),
        ("todo.txt", "(A) Call Dana\n", .source(.todotxt)),
        ("list", "Call Dana\n", .unknown),
    ])
    func theFormatIsSniffedOnlyWhenUnambiguous(file: String, text: String, expected: TaskImport.Sniffed) {
        #expect(TaskImport.sniff(Data(text.utf8), file: file) == expected)
    }

    @Test func iCalendarLinesAreEscapedFoldedAndEndInCRLF() {
        let created = ISODate.parse("2026-11-02T09:00:00Z")!
        let long = "Ünïcödé, with; commas\\ and a very long title that will need folding across several content lines"
        let plan = Plan(id: 1, goal: "Ship, then celebrate", milestones: [
            Milestone(title: long, criterion: "Dana says yes", timeboxDays: 2, createdAt: created),
            Milestone(title: "Done one", criterion: "c", status: .done, createdAt: created, closedAt: created.addingTimeInterval(3_600)),
        ], createdAt: created)
        let text = String(decoding: ICalendarFormat.export(plan, stamp: created, version: "0.1.0"), as: UTF8.self)
        #expect(text.hasSuffix("END:VCALENDAR\r\n"))
        let lines = text.components(separatedBy: "\r\n").dropLast()
        #expect(lines.allSatisfy { $0.utf8.count <= 75 && !$0.contains("\n") })
        let unfolded = text.replacingOccurrences(of: "\r\n ", with: "")
        #expect(unfolded.contains("SUMMARY:Ünïcödé\\, with\\; commas\\\\ and a very long title"))
        #expect(unfolded.contains("CATEGORIES:Ship\\, then celebrate"))
        #expect(unfolded.contains("DUE:20261104T090000Z"))
        #expect(unfolded.contains("STATUS:COMPLETED\r\nPERCENT-COMPLETE:100\r\nCOMPLETED:20261102T100000Z"))
    }
}
