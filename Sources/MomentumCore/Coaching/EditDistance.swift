/// "Did you mean …" suggestions, by Levenshtein distance.
public enum Suggestion {
    public static func closest(to word: String, in candidates: [String], maxDistance: Int = 2) -> String? {
        let lowered = word.lowercased()
        // A word cut short ("warn", "trans") names the one candidate it begins.
        let started = candidates.filter { lowered.count >= 3 && $0.lowercased().hasPrefix(lowered) && $0.lowercased() != lowered }
        if started.count == 1 { return started[0] }
        let limit = max(1, min(maxDistance, lowered.count / 2))
        // A length gap larger than the limit can't be closed: skip the quadratic distance (a
        // pasted megabyte must not stall the shell).
        let scored = candidates.filter { abs($0.count - lowered.count) <= limit }.map { ($0, distance(lowered, $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= limit else { return nil }
        return best.0
    }

    /// Edits between two words, a swap of two neighbouring letters counting as one ("nwe" is one
    /// from "new": a trial's typo got no suggestion while "resmue" got one).
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var beforePrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], beforePrevious[j - 2] + 1)
                }
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[b.count]
    }
}
