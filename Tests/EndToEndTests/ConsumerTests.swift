import Foundation
import Testing

/// What Momentum writes, read by the real programs people use (Taskwarrior, an independent
/// iCalendar parser, a browser), and what those programs write, read by Momentum. `make test`
/// installs them; without one, its test is skipped and says which package to install.
@Suite struct ConsumerTests {
    /// An executable on PATH, or nil.
    static func tool(_ name: String) -> String? {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static let hasTaskwarrior = tool("task") != nil
    /// Debian's own Python, which sees the packages apt installs, even where another python3
    /// (pyenv, a virtualenv) comes first on PATH.
    static let python = FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") ? "/usr/bin/python3" : "python3"
    static let hasICalendar = (try? Child.run([python, "-c", "import icalendar"]).status) == 0
    static let hasChromium = tool("chromium") != nil && (try? Child.run([python, "-c", "import zlib"]).status) == 0

    /// A plan with every status and every field the formats carry, imported into a fresh home.
    static func homeWithPlan() throws -> (home: String, directory: String) {
        let directory = try MomentumProcess.scratchDirectory()
        let home = directory + "/home"
        let plan = """
            {"version": 1, "goal": "Ship the billing page", "outcome": "Customers upgrade without emailing us",
             "metric": {"name": "upgrades per week", "baseline": "2", "target": "10"}, "createdAt": "2026-11-02T09:00:00Z",
             "milestones": [
              {"title": "Compare two providers, in a note; with costs", "criterion": "Dana approves the note", "artifact": "docs/providers.md",
               "timeboxDays": 2, "owner": "Dana", "moves": "unblocks payments", "createdAt": "2026-11-02T09:00:00Z",
               "status": "done", "closedAt": "2026-11-03T16:00:00Z"},
              {"title": "Connect checkout on staging", "criterion": "A test card upgrade succeeds on staging", "artifact": "https://staging.example.org/checkout",
               "timeboxDays": 3, "moves": "first upgrades", "createdAt": "2026-11-02T09:00:00Z"},
              {"title": "Pilot with Acme", "criterion": "Acme upgrades", "artifact": "Acme's invoice", "timeboxDays": 1,
               "createdAt": "2026-11-02T09:00:00Z", "status": "skipped"},
              {"title": "Redesign the logo", "criterion": "x", "artifact": "y", "createdAt": "2026-11-02T09:00:00Z",
               "status": "dropped", "closedAt": "2026-11-04T09:00:00Z"}
             ],
             "wins": [{"milestone": 1, "date": "2026-11-03T16:00:00Z", "note": "Paddle chosen", "evidence": "https://example.org/pr/1", "metricReading": "3 upgrades"}]}
            """
        try plan.write(toFile: directory + "/plan.json", atomically: true, encoding: .utf8)
        let imported = try MomentumProcess.run(["import", directory + "/plan.json", "--home", home])
        #expect(imported.status == 0, "\(imported.output)")
        return (home, directory)
    }

    // MARK: Taskwarrior

    struct Taskwarrior {
        let directory: String
        var environment: [String: String] {
            ProcessInfo.processInfo.environment.merging(["TASKRC": directory + "/taskrc", "TASKDATA": directory]) { $1 }
        }

        init() throws {
            directory = try MomentumProcess.scratchDirectory()
            try "data.location=\(directory)\nconfirmation=off\nverbose=nothing\nhooks=off\n"
                .write(toFile: directory + "/taskrc", atomically: true, encoding: .utf8)
        }

        @discardableResult
        func run(_ arguments: String...) throws -> String { try run(arguments) }

        func run(_ arguments: [String]) throws -> String {
            let result = try Child.run(["task"] + arguments, environment: environment)
            #expect(result.status == 0, "task \(arguments.joined(separator: " ")): \(result.output)")
            return result.output
        }

        func export(_ filter: String...) throws -> [[String: Any]] {
            let text = try run(filter + ["export"])
            return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]], "\(text)")
        }
    }

    @Test(.enabled(if: hasTaskwarrior, "taskwarrior is not installed (apt-get install taskwarrior; make test installs it)"))
    func taskImportAcceptsTheExportAndItComesBackWithEveryField() throws {
        let (home, directory) = try Self.homeWithPlan()
        let file = directory + "/tasks.json"
        let exported = try MomentumProcess.run(["export", "1", "--format", "taskwarrior", "-o", file, "--home", home])
        #expect(exported.status == 0, "\(exported.output)")
        let ours = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [[String: Any]])

        let task = try Taskwarrior()
        try task.run("import", file)
        let tasks = try task.export()
        #expect(tasks.count == 4)
        #expect(Set(tasks.compactMap { $0["uuid"] as? String }) == Set(ours.compactMap { $0["uuid"] as? String }))
        let byTitle = Dictionary(uniqueKeysWithValues: tasks.map { ($0["description"] as? String ?? "", $0) })
        let compare = try #require(byTitle["Compare two providers, in a note; with costs"])
        #expect(compare["status"] as? String == "completed")
        #expect(compare["project"] as? String == "Ship the billing page")
        #expect(compare["end"] as? String == "20261103T160000Z")
        #expect(compare["due"] as? String == "20261104T090000Z")
        let notes = (compare["annotations"] as? [[String: Any]])?.compactMap { $0["description"] as? String }
        #expect(notes == ["Done when: Dana approves the note", "Artifact: docs/providers.md", "Moves: unblocks payments", "Owner: Dana"])
        #expect(byTitle["Connect checkout on staging"]?["status"] as? String == "pending")
        #expect(byTitle["Pilot with Acme"]?["tags"] as? [String] == ["skipped"])
        #expect(byTitle["Redesign the logo"]?["status"] as? String == "deleted")

        // Importing the same file again updates the same tasks: the uuids are stable.
        let again = directory + "/again.json"
        _ = try MomentumProcess.run(["export", "1", "--format", "taskwarrior", "-o", again, "--home", home])
        try task.run("import", again)
        #expect(try task.export().count == 4)

        // Taskwarrior's own export of it reads back into Momentum with the fields intact.
        let back = directory + "/back.json"
        try task.run("export").write(toFile: back, atomically: true, encoding: .utf8)
        let otherHome = directory + "/other"
        let imported = try MomentumProcess.run(["import", back, "--home", otherHome])
        #expect(imported.output.hasPrefix("Imported plan 1 \"Ship the billing page\" as a stalled plan: 4 milestones (1 open, 3 closed)"), "\(imported.output)")
        let json = try MomentumProcess.run(["export", "1", "--format", "json", "--home", otherHome]).output
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let milestones = try #require(plan["milestones"] as? [[String: Any]])
        let connect = try #require(milestones.first { $0["title"] as? String == "Connect checkout on staging" })
        #expect(connect["criterion"] as? String == "A test card upgrade succeeds on staging")
        #expect(connect["artifact"] as? String == "https://staging.example.org/checkout")
        #expect(connect["timeboxDays"] as? Double == 3)
        #expect(connect["status"] as? String == "skipped" || connect["status"] as? String == "open")
        #expect(milestones.first { $0["title"] as? String == "Pilot with Acme" }?["status"] as? String == "skipped")
        #expect(milestones.first { $0["title"] as? String == "Compare two providers, in a note; with costs" }?["owner"] as? String == "Dana")
    }

    @Test(.enabled(if: hasTaskwarrior, "taskwarrior is not installed (apt-get install taskwarrior; make test installs it)"))
    func aRealTaskwarriorProjectImportsAsAStalledPlanAndGoesBackWithoutCopies() throws {
        let task = try Taskwarrior()
        try task.run("add", "project:garden", "priority:L", "+soil", "Research soil mixes")
        try task.run("add", "project:garden", "priority:H", "due:2026-12-20", "Build the raised bed")
        try task.run("add", "project:garden", "Order seeds")
        try task.run("add", "project:house", "Fix the gate")
        try task.run("1", "annotate", "ask about peat")
        try task.run("2", "modify", "depends:1")
        try task.run("3", "done")
        let file = task.directory + "/garden.json"
        try task.run("project:garden", "export").write(toFile: file, atomically: true, encoding: .utf8)

        let home = task.directory + "/home"
        let imported = try MomentumProcess.run(["import", file, "--home", home])
        #expect(imported.status == 0)
        #expect(imported.output.hasPrefix("Imported plan 1 \"garden\" as a stalled plan: 2 candidate milestones, 1 closed; the rules found "), "\(imported.output)")
        let shown = try MomentumProcess.run(["show", "1", "--home", home]).output
        #expect(shown.contains("Stalled: last progress \"Order seeds\", finished on "), "\(shown)")
        // Finished work first, then the open tasks by Taskwarrior's priority.
        let order = ["[x] 1. Order seeds", "[ ] 2. Build the raised bed", "[ ] 3. Research soil mixes"].map { shown.range(of: $0)?.lowerBound }
        #expect(order.allSatisfy { $0 != nil } && order == order.sorted { $0! < $1! }, "\(shown)")
        #expect(shown.contains("[busywork-endless-research]"))

        // Back to Taskwarrior, with one step dropped in Momentum: `task import` updates the tasks
        // it came from instead of adding copies, and what Momentum has no field for stays.
        let before = Dictionary(uniqueKeysWithValues: try task.export().map { ($0["uuid"] as? String ?? "", $0) })
        let count = try task.run("count")
        #expect(try MomentumProcess.run(["drop", "1.3", "--home", home]).status == 0)
        let back = task.directory + "/back.json"
        #expect(try MomentumProcess.run(["export", "1", "--format", "taskwarrior", "-o", back, "--home", home]).status == 0)
        try task.run("import", back)
        #expect(try task.run("count") == count, "no task was added")
        let after = try task.export()
        #expect(Set(after.compactMap { $0["uuid"] as? String }) == Set(before.keys))
        let byTitle = Dictionary(uniqueKeysWithValues: after.map { ($0["description"] as? String ?? "", $0) })
        let research = try #require(byTitle["Research soil mixes"])
        #expect(research["status"] as? String == "deleted", "the drop reached the task")
        #expect(research["tags"] as? [String] == ["soil"])
        #expect((research["annotations"] as? [[String: Any]])?.compactMap { $0["description"] as? String } == ["ask about peat"])
        #expect(research["due"] == nil, "no due date was invented")
        let bed = try #require(byTitle["Build the raised bed"])
        let bedBefore = try #require(before[bed["uuid"] as? String ?? ""])
        for key in ["due", "priority", "status", "entry"] { #expect(bed[key] as? String == bedBefore[key] as? String, "\(key)") }
        #expect(bed["depends"] as? [String] == [research["uuid"] as? String ?? ""])
        #expect(byTitle["Order seeds"]?["status"] as? String == "completed")
        #expect(byTitle["Order seeds"]?["due"] == nil)
    }

    // MARK: iCalendar

    static let icalendarReader = """
        import json, sys
        from icalendar import Calendar
        calendar = Calendar.from_ical(open(sys.argv[1], 'rb').read())
        todos = []
        for todo in calendar.walk('VTODO'):
            def text(name):
                value = todo.get(name)
                return None if value is None else str(value)
            def when(name):
                value = todo.get(name)
                return None if value is None else value.dt.strftime('%Y%m%dT%H%M%SZ')
            categories = todo.get('CATEGORIES')
            todos.append({'uid': text('UID'), 'summary': text('SUMMARY'), 'description': text('DESCRIPTION'),
                          'status': text('STATUS'), 'due': when('DUE'), 'completed': when('COMPLETED'),
                          'categories': [str(c) for c in categories.cats] if categories is not None else []})
        print(json.dumps(todos))
        """

    @Test(.enabled(if: hasICalendar, "python3-icalendar is not installed (apt-get install python3-icalendar; make test installs it)"))
    func anIndependentParserReadsTheICalendarExport() throws {
        let (home, directory) = try Self.homeWithPlan()
        let file = directory + "/plan.ics"
        let exported = try MomentumProcess.run(["export", "1", "--format", "ics", "-o", file, "--home", home])
        #expect(exported.status == 0, "\(exported.output)")
        let raw = try Data(contentsOf: URL(fileURLWithPath: file))
        let text = String(decoding: raw, as: UTF8.self)
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "every line ends in CRLF")
        #expect(text.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 75 })

        let script = directory + "/read.py"
        try Self.icalendarReader.write(toFile: script, atomically: true, encoding: .utf8)
        let parsed = try Child.run([Self.python, script, file])
        #expect(parsed.status == 0, "\(parsed.output)")
        let todos = try #require(try JSONSerialization.jsonObject(with: Data(parsed.output.utf8)) as? [[String: Any]], "\(parsed.output)")
        #expect(todos.count == 4)
        let first = todos[0]
        #expect(first["summary"] as? String == "Compare two providers, in a note; with costs")
        #expect(first["description"] as? String == "Done when: Dana approves the note\nArtifact: docs/providers.md\nMoves: unblocks payments\nOwner: Dana")
        #expect(first["status"] as? String == "COMPLETED")
        #expect(first["completed"] as? String == "20261103T160000Z")
        #expect(first["due"] as? String == "20261104T090000Z")
        #expect(first["categories"] as? [String] == ["Ship the billing page"])
        #expect(todos.map { $0["status"] as? String } == ["COMPLETED", "NEEDS-ACTION", "NEEDS-ACTION", "CANCELLED"])

        // The UIDs are stable: after a change to the plan, the same milestones keep theirs.
        _ = try MomentumProcess.run(["drop", "1.3", "--home", home])
        let second = directory + "/again.ics"
        _ = try MomentumProcess.run(["export", "1", "--format", "ics", "-o", second, "--home", home])
        let again = try #require(try JSONSerialization.jsonObject(with: Data(try Child.run([Self.python, script, second]).output.utf8)) as? [[String: Any]])
        #expect(again.map { $0["uid"] as? String } == todos.map { $0["uid"] as? String })
        #expect(again[2]["status"] as? String == "CANCELLED")
    }

    // MARK: The HTML story in a browser

    /// Counts the pixels of a PNG screenshot within a few levels of one colour (zlib only, no PIL).
    static let pixelCounter = """
        import struct, sys, zlib
        data = open(sys.argv[1], 'rb').read()
        target = tuple(int(v) for v in sys.argv[2].split(','))
        pos, chunks, width, height, colour_type = 8, b'', 0, 0, 0
        while pos < len(data):
            length, kind = struct.unpack('>I4s', data[pos:pos + 8])
            body = data[pos + 8:pos + 8 + length]
            if kind == b'IHDR':
                width, height, depth, colour_type = struct.unpack('>IIBB', body[:10])
            elif kind == b'IDAT':
                chunks += body
            pos += 12 + length
        channels = {2: 3, 6: 4}[colour_type]
        raw, stride, rows, prev = zlib.decompress(chunks), width * channels, [], bytearray(width * channels)
        for y in range(height):
            start = y * (stride + 1)
            kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
            for i in range(stride):
                a = line[i - channels] if i >= channels else 0
                b = prev[i]
                c = prev[i - channels] if i >= channels else 0
                if kind == 1: line[i] = (line[i] + a) & 255
                elif kind == 2: line[i] = (line[i] + b) & 255
                elif kind == 3: line[i] = (line[i] + (a + b) // 2) & 255
                elif kind == 4:
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
            rows.append(line)
            prev = line
        count = sum(1 for line in rows for x in range(width)
                    if all(abs(line[x * channels + k] - target[k]) <= 12 for k in range(3)))
        print(count)
        """

    /// Renders `page` in headless Chromium: what it logged, and how many chart-coloured pixels.
    static func render(_ page: String, in directory: String) throws -> (log: String, chartPixels: Int) {
        let shot = page + ".png"
        let result = try Child.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                                    "--user-data-dir=\(directory)/chromium", "--enable-logging=stderr", "--v=0",
                                    "--window-size=420,1400", "--screenshot=\(shot)", "file://\(page)"], timeout: 120)
        #expect(result.status == 0, "\(result.output)")
        let script = directory + "/pixels.py"
        try Self.pixelCounter.write(toFile: script, atomically: true, encoding: .utf8)
        let counted = try Child.run([Self.python, script, shot, "26,127,55"])
        return (result.output, Int(counted.output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1)
    }

    @Test(.enabled(if: hasChromium, "chromium is not installed (apt-get install chromium; make test installs it)"))
    func theHTMLStoryRendersInABrowserWithItsChart() throws {
        let (home, directory) = try Self.homeWithPlan()
        let page = directory + "/story.html"
        let written = try MomentumProcess.run(["story", "1", "--format", "html", "-o", page, "--home", home])
        #expect(written.status == 0, "\(written.output)")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(!html.contains("src=") && !html.contains("<link") && !html.contains("<script"), "no external assets")
        #expect(html.contains("<meta name=\"viewport\""))

        func consoleLines(_ log: String) -> [Substring] {
            log.split(separator: "\n").filter { $0.contains("CONSOLE") || $0.contains("Uncaught") }
        }
        let (log, pixels) = try Self.render(page, in: directory)
        #expect(consoleLines(log).isEmpty, "\(consoleLines(log))")
        #expect(pixels > 300, "the chart's line should be drawn: \(pixels) pixels of its colour")

        // The check can fail: a page with a script error is caught by it.
        let broken = directory + "/broken.html"
        try "<!DOCTYPE html><p>x</p><script>missing()</script>".write(toFile: broken, atomically: true, encoding: .utf8)
        #expect(!consoleLines(try Self.render(broken, in: directory).log).isEmpty)

        // The control: a plan without readings draws no chart, so the count above is the chart.
        let bare = directory + "/bare.json"
        try #"{"version": 1, "goal": "Write the book", "metric": {"name": "pages"}, "milestones": [{"title": "Outline chapter one"}]}"#
            .write(toFile: bare, atomically: true, encoding: .utf8)
        _ = try MomentumProcess.run(["import", bare, "--home", home])
        let barePage = directory + "/bare.html"
        _ = try MomentumProcess.run(["story", "2", "--format", "html", "-o", barePage, "--home", home])
        #expect(try Self.render(barePage, in: directory).chartPixels == 0)
    }
}
