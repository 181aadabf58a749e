/// Who moved a team's plans: wins counted by the person who logged them, and milestones by owner,
/// for the weekly review and the story. Empty on a personal store, whose wins carry no names.
public enum TeamTally {
    /// "ada 3, ben 1": most first, then by name; nil when no win has a name.
    public static func winsByPerson(_ wins: [Win]) -> String? {
        tally(wins.compactMap(\.by))
    }

    /// Owners of the milestones, as the practice rotates them: "ada 2, ben 1"; nil with fewer than two owners.
    public static func owners(_ milestones: [Milestone]) -> String? {
        let owners = milestones.map(\.owner)
        return Set(owners).count < 2 ? nil : tally(owners)
    }

    private static func tally(_ names: [String]) -> String? {
        guard !names.isEmpty else { return nil }
        let counts = Dictionary(names.map { ($0, 1) }, uniquingKeysWith: +)
        return counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }
}
