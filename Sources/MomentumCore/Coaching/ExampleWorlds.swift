/// The good and weak answers `?` shows, in the world the goal is about: a food bank volunteer was
/// shown "docs/payment-providers.md in the repo". Each world is chosen by words of its goal and
/// outcome; a goal that names none keeps the questions' own examples (a software project's).
struct ExampleWorld: Sendable {
    var name: String
    /// Words that place a goal in this world.
    var words: Set<String>
    var examples: [FieldKey: (good: String, weak: String)]

    /// The world with the most of its words in the plan's goal and outcome, if any has one.
    static func of(_ plan: Plan) -> ExampleWorld? {
        let said = Set((plan.goal + " " + plan.outcome).lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init))
        let scored = all.map { world in (world, world.words.intersection(said).count) }
        guard let best = scored.max(by: { $0.1 < $1.1 }), best.1 > 0 else { return nil }
        return best.0
    }

    static let all = [writing, running, community, shop]

    static let writing = ExampleWorld(name: "writing", words: [
        "write", "writing", "novel", "book", "thesis", "chapter", "dissertation", "paper", "article", "essay", "blog",
        "manuscript", "draft", "publish", "poem", "poems", "poetry", "story", "stories", "screenplay", "memoir",
    ], examples: [
        .goal: ("Finish the methods chapter of my thesis and send it to my supervisor", "Work on my writing"),
        .outcome: ("My supervisor signs off the chapter by March, so the analysis can start", "It would be nice to be done"),
        .metric: ("Sections of the chapter my supervisor has approved", "Hours spent at the desk"),
        .baseline: ("0 of 6 sections approved", "not much"),
        .target: ("All 6 sections approved by 15 March", "soon"),
        .progress: ("The literature review went to my supervisor in October", "I wrote a bit last year"),
        .blocker: ("I can't decide which of two analyses the chapter reports", "Procrastination"),
        .milestone: ("Outline the methods section as five headings, one sentence each", "Write more"),
        .criterion: ("My supervisor replies that the outline covers what the chapter needs", "It feels finished"),
        .artifact: ("methods-outline.docx in the shared thesis folder", "Ideas in my head"),
        .moves: ("Unblocks drafting the first section to send", "Progress"),
    ])

    static let running = ExampleWorld(name: "running", words: [
        "run", "running", "marathon", "5k", "10k", "race", "gym", "weight", "fitness", "fit", "training", "swim", "cycle",
        "ride", "lift", "health", "healthy", "walk", "exercise", "workout", "triathlon", "km", "miles",
    ], examples: [
        .goal: ("Run the city half marathon in October without walking", "Get fit"),
        .outcome: ("I finish the race and keep running three times a week after it", "Feel better"),
        .metric: ("Longest run of the week, in km", "Posts about my runs"),
        .baseline: ("5 km", "not far"),
        .target: ("18 km by the end of September", "far"),
        .progress: ("I ran 8 km in the spring, before my knee hurt", "I used to run"),
        .blocker: ("I don't know which training plan my knee will take", "Motivation"),
        .milestone: ("Book a physio appointment about the knee for this week", "Research training"),
        .criterion: ("The physio says yes or no to running, with a weekly limit", "Feel ready"),
        .artifact: ("The physio's plan, photographed into my running notes", "Knowledge in my head"),
        .moves: ("Decides how far I can run, so the long runs can start", "Health"),
    ])

    static let community = ExampleWorld(name: "community", words: [
        "volunteer", "volunteers", "food", "bank", "garden", "community", "event", "fundraiser", "fundraising", "charity",
        "church", "school", "club", "neighbourhood", "neighborhood", "shelter", "donations", "donors", "rota", "shift",
        "shifts", "nonprofit", "members", "parents", "families",
    ], examples: [
        .goal: ("Fill every Saturday shift at the food bank through December", "Get more volunteers"),
        .outcome: ("No Saturday opens short-staffed, so every family is served", "Things run smoother"),
        .metric: ("Saturday shifts with a full team booked two weeks ahead", "Followers of our Facebook page"),
        .baseline: ("2 of 4 Saturdays", "some"),
        .target: ("All 4 Saturdays in December, by 20 November", "most"),
        .progress: ("Eight people signed up at the church fair in September", "We talked about it"),
        .blocker: ("The sign-up sheet is paper at the hall, so nobody sees the gaps", "People are busy"),
        .milestone: ("Put the December rota in a shared sign-up sheet and send its link to last year's volunteers", "Reach out to people"),
        .criterion: ("The link went to 30 volunteers and 5 slots are filled", "People know about it"),
        .artifact: ("The sign-up sheet's link, pinned in the volunteers' group chat", "A conversation"),
        .moves: ("Shows which Saturdays are short, so I can ask for those", "Community spirit"),
    ])

    static let shop = ExampleWorld(name: "shop", words: [
        "shop", "store", "bakery", "cafe", "café", "etsy", "orders", "order", "sell", "selling", "products", "pottery",
        "stall", "market", "menu", "catering", "restaurant", "bread", "cakes",
    ], examples: [
        .goal: ("Take bakery orders online for Saturday pick-up", "Grow the business"),
        .outcome: ("Regulars order ahead, so we bake to orders and throw less away", "More success"),
        .metric: ("Online orders per week for Saturday pick-up", "Likes on our posts"),
        .baseline: ("0 a week (all by phone)", "low"),
        .target: ("20 a week by Easter", "lots"),
        .progress: ("We photographed the bread range in August", "We started on a website"),
        .blocker: ("I don't know which order form takes card payments for a small shop", "No time"),
        .milestone: ("Set up a test order form and place one order with my own card", "Look into websites"),
        .criterion: ("A test order arrives by email and its payment shows in the account", "It works"),
        .artifact: ("The order form's link and the test order's email", "A plan in my head"),
        .moves: ("Lets customers order ahead: the first online orders", "Marketing"),
    ])
}
