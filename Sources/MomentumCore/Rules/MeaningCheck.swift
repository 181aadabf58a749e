import Foundation
import MomentumVectors

/// Turns a sentence into a unit vector whose dot product with another says how close their
/// meanings are. The shipped one is `SentenceEncoder` (static token vectors, Meaning/); tests use
/// small ones of their own.
public protocol SentenceEncoding: Sendable {
    func encode(_ text: String) -> [Float]
}

/// `meaning`: the answer reads like the labelled phrasings a coach questions. The k labelled
/// phrasings of the same field nearest in meaning vote, weighted by similarity; the rule fires when
/// enough of the vote is `flag` and the nearest flag phrasing is close. Its finding names the
/// nearest flag phrasings as its reason.
///
/// It also weighs the other rules' findings on the same field (signals combine, levels encode
/// certainty): when the neighbours are clearly `ok` — the answer reads like phrasings a coach lets
/// pass — a warning from a word or pattern rule is lowered to a tip (`doubt-below`) or dropped
/// (`quiet-below`).
public struct MeaningCheck: Sendable {
    public var neighbours: Int
    /// The share of the similarity-weighted vote that must be `flag` for the rule to fire.
    public var minFlagShare: Double
    /// How close the nearest `flag` phrasing must be (cosine, -1…1).
    public var minSimilarity: Double
    /// At or above this flag share (and `minSimilarity`), the finding is a warning, not the rule's level.
    public var warnAbove: Double?
    /// Below this mean of the flag share and the neighbours' vote, other rules' warnings on the
    /// field become tips.
    public var doubtBelow: Double?
    /// Below this flag share, other rules' findings on the field are dropped.
    public var quietBelow: Double?
    /// How much of the flag share is the field's linear reading (`RidgeReading`) rather than the
    /// neighbours' vote, 0…1: 0 is the vote alone.
    public var modelWeight: Double
    /// Fields an answer may echo to say it met them: a win that shares two words with its step's
    /// done-when ("5 platforms placed, made it across in playtest" for "player reaches the 5th
    /// platform in a playtest") reports the criterion met, whatever it reads like.
    public var unlessEchoes: [RuleField] = []

    public init(neighbours: Int = 5, minFlagShare: Double = 0.8, minSimilarity: Double = 0.5, warnAbove: Double? = nil,
                doubtBelow: Double? = nil, quietBelow: Double? = nil, modelWeight: Double = 0) {
        self.neighbours = neighbours
        self.minFlagShare = minFlagShare
        self.minSimilarity = minSimilarity
        self.warnAbove = warnAbove
        self.doubtBelow = doubtBelow
        self.quietBelow = quietBelow
        self.modelWeight = modelWeight
    }

    /// Whether the other rules' warnings on the answer become tips: the mean, not the lesser, of the
    /// flag share and the neighbours' vote is below `doubtBelow`. A warning on "Weekly status
    /// meeting with the data team" (all nine nearest flagged, a flag share of 0.68) is one a coach
    /// stands by; the mean also kept fewer wrong warnings on the tuned real phrasings (docs/rules.md).
    public func doubts(flagShare: Double, vote: Double) -> Bool {
        guard let doubtBelow else { return false }
        return (flagShare + vote) / 2 < doubtBelow
    }
}

/// How the labelled phrasings nearest to an answer voted.
public struct MeaningVerdict: Sendable, Equatable {
    /// How much the answer reads like the `flag` phrasings, 0…1: the similarity-weighted share of
    /// `flag` among the nearest phrasings, blended with the field's linear reading (`modelWeight`).
    public var flagShare: Double
    /// The neighbours' vote alone: the similarity-weighted share of `flag` among them, 0…1.
    public var vote: Double
    /// The nearest `flag` phrasings among the neighbours, closest first, with their similarity.
    public var nearestFlagged: [(text: String, similarity: Double)]
    /// The nearest phrasings, closest first.
    public var nearest: [(text: String, flagged: Bool, similarity: Double)]
    /// A labelled phrasing is written exactly as the answer: its label decides, whatever else.
    public var isExact = false

    public static func == (a: MeaningVerdict, b: MeaningVerdict) -> Bool {
        a.flagShare == b.flagShare && a.nearest.map(\.text) == b.nearest.map(\.text)
    }
}

/// The labelled phrasings the meaning rules vote with, per field. Nothing is read until a meaning
/// rule first asks: the phrasings are parsed then, and each field's vectors on its first use, so a
/// command that checks nothing pays nothing.
public final class MeaningIndex: Sendable {
    public let encoder: any SentenceEncoding
    private let storage: Storage
    /// A phrasing left out of every vote (field and lowercased text): `rules eval --leave-one-out`
    /// judges each labelled phrasing as if it were not labelled.
    private let excluded: (field: RuleField, text: String)?

    public convenience init(phrasings: [LabelledPhrasing], encoder: any SentenceEncoding) {
        self.init(encoder: encoder, load: { phrasings })
    }

    /// `load` gives the phrasings in layer order when first needed. A later phrasing with the same
    /// field and text replaces the earlier one: a user's file can relabel a shipped phrasing.
    /// `cache` keeps each field's fitted linear reading between runs.
    public convenience init(encoder: any SentenceEncoding, cache: (any ReadingCache)? = nil,
                            load: @escaping @Sendable () -> [LabelledPhrasing]) {
        self.init(encoder: encoder, readingRows: RidgeReading.maximumRows, cache: cache, load: load)
    }

    /// `readingRows`: the most phrasings of a field its linear reading is fitted on (the last ones).
    init(encoder: any SentenceEncoding, readingRows: Int, cache: (any ReadingCache)? = nil,
         load: @escaping @Sendable () -> [LabelledPhrasing]) {
        self.encoder = encoder
        self.storage = Storage(load: load, readingRows: readingRows, cache: cache)
        self.excluded = nil
    }

    private init(encoder: any SentenceEncoding, storage: Storage, excluded: (field: RuleField, text: String)?) {
        self.encoder = encoder
        self.storage = storage
        self.excluded = excluded
    }

    /// The same index without one phrasing; what was already read and worked out is shared.
    public func excluding(_ phrasing: LabelledPhrasing) -> MeaningIndex {
        MeaningIndex(encoder: encoder, storage: storage,
                     excluded: (phrasing.field, phrasing.key))
    }

    public var phrasings: [LabelledPhrasing] { storage.content.phrasings }

    /// An encoder that remembers the few texts compared again and again (a plan's goal and metric).
    public var contextEncoder: any SentenceEncoding { CachingEncoder(storage: storage, encoder: encoder) }
    private var byField: [RuleField: [Int]] { storage.content.byField }

    public func count(of field: RuleField) -> Int { byField[field]?.count ?? 0 }

    private func fieldVectors(_ field: RuleField) -> VectorMatrix {
        let content = storage.content
        return storage.vectors(for: field) { VectorMatrix((content.byField[field] ?? []).map { encoder.encode(content.phrasings[$0].text) }) }
    }

    /// The field's linear reading, fitted on first use from its last `readingRows` phrasings in
    /// layer order (your own come last), or read back from the cache when it was fitted from the same
    /// rows before (nil when it cannot be: no phrasings, or vectors of no length). `leavingOneOut`:
    /// the reading must be able to read without one row, which only a fitted one can.
    private func reading(_ field: RuleField, leavingOneOut: Bool) -> RidgeReading? {
        let content = storage.content
        let vectors = fieldVectors(field)
        let cache = storage.cache
        return storage.reading(for: field, leavingOneOut: leavingOneOut) {
            let indices = content.byField[field] ?? []
            let fitted = (max(0, indices.count - storage.readingRows)..<indices.count).map { content.phrasings[indices[$0]] }
            let first = indices.count - fitted.count
            let rows = fitted.indices.map { vectors.row(first + $0) }
            let goalOverlaps = field.readsAgainstGoal ? fitted.map { GoalOverlap.of($0.text, goal: $0.goal) } : nil
            let key = cache.map { _ in Self.cacheKey(field: field, phrasings: fitted, rows: rows) }
            if !leavingOneOut, let key, let bytes = cache?.bytes(forKey: key),
               let stored = RidgeReading(encoded: bytes, count: fitted.count) {
                return stored
            }
            let reading = RidgeReading(rows: rows, texts: fitted.map(\.text), flagged: fitted.map(\.flagged),
                                       ridge: RidgeReading.defaultRidge, goalOverlaps: goalOverlaps, keepingLeaveOneOut: leavingOneOut)
            if let key, let reading { cache?.store(reading.encoded, forKey: key) }
            return reading
        }
    }

    /// The name a field's reading is kept under: its fitted rows' texts, labels, goals and vectors,
    /// and the fit's settings, so any change to them (a new label, another encoder) fits anew.
    static func cacheKey(field: RuleField, phrasings: [LabelledPhrasing], rows: [[Float]]) -> String {
        var hash = ContentHash()
        hash.add("ridge reading 1")
        for setting in [RidgeReading.defaultRidge, RidgeReading.wordWeight, RidgeReading.biasWeight, RidgeReading.goalWeight] {
            hash.add(setting)
        }
        hash.add(field.rawValue)
        hash.add(UInt64(phrasings.count))
        for (phrasing, row) in zip(phrasings, rows) {
            hash.add(phrasing.text)
            hash.add(UInt64(phrasing.flagged ? 1 : 0))
            if field.readsAgainstGoal { hash.add(phrasing.goal) }
            hash.add(row)
        }
        return field.rawValue + "-" + hash.hex
    }

    /// The verdict on an answer, remembered: a file of plans repeats its answers ("signups" as what
    /// every step moves, "PR" as every artifact), and `check` read each anew. `encoding` is asked
    /// for the answer's vector only when the verdict is not known yet. Not remembered for a
    /// leave-one-out copy, whose verdicts differ from phrasing to phrasing.
    public func verdict(for text: String, encoding: () -> [Float], field: RuleField, neighbours k: Int, modelWeight: Double = 0,
                        goal: String = "") -> MeaningVerdict? {
        guard excluded == nil else {
            return verdict(for: text, vector: encoding(), field: field, neighbours: k, modelWeight: modelWeight, goal: goal)
        }
        let key = Storage.VerdictKey(field: field, text: text, neighbours: k, modelWeight: modelWeight,
                                     goal: field.readsAgainstGoal ? goal : "")
        if let known = storage.rememberedVerdict(key) { return known }
        let verdict = verdict(for: text, vector: encoding(), field: field, neighbours: k, modelWeight: modelWeight, goal: goal)
        storage.remember(verdict, key)
        return verdict
    }

    /// The vote of the `k` phrasings of `field` nearest to `vector`, blended with the field's linear
    /// reading by `modelWeight`; nil when the field has none. A phrasing written exactly as the
    /// answer decides alone: a user who labels an answer is heard. `goal`: the plan's goal, which
    /// the reading of a field judged against it (`moves`, `win`) weighs too.
    public func verdict(for text: String, vector: [Float], field: RuleField, neighbours k: Int, modelWeight: Double = 0,
                        goal: String = "") -> MeaningVerdict? {
        let content = storage.content
        let phrasings = content.phrasings
        guard let indices = content.byField[field], !indices.isEmpty, vector.contains(where: { $0 != 0 }) else { return nil }
        let left = excluded.flatMap { $0.field == field ? content.position[field]?[$0.text] : nil }
        let asked = LabelledPhrasing.key(text)
        if let exact = content.position[field]?[asked], exact != left {
            let phrasing = phrasings[exact]
            return MeaningVerdict(flagShare: phrasing.flagged ? 1 : 0, vote: phrasing.flagged ? 1 : 0,
                                  nearestFlagged: phrasing.flagged ? [(phrasing.text, 1)] : [],
                                  nearest: [(phrasing.text, phrasing.flagged, 1)], isExact: true)
        }
        let similarities = fieldVectors(field).dots(with: vector)
        // The k best, kept sorted by a small insertion: k is at most 50, the field's phrasings hundreds.
        var nearest: [(index: Int, similarity: Double)] = []
        nearest.reserveCapacity(k + 1)
        for (position, index) in indices.enumerated() where index != left {
            let similarity = Double(similarities[position])
            if nearest.count == k, let last = nearest.last, similarity <= last.similarity { continue }
            let at = nearest.firstIndex { similarity > $0.similarity } ?? nearest.count
            nearest.insert((index, similarity), at: at)
            if nearest.count > k { nearest.removeLast() }
        }
        var flagWeight = 0.0, totalWeight = 0.0
        for neighbour in nearest {
            let weight = max(neighbour.similarity, 0)
            totalWeight += weight
            if phrasings[neighbour.index].flagged { flagWeight += weight }
        }
        let vote = totalWeight > 0 ? flagWeight / totalWeight : 0
        var share = vote
        if modelWeight > 0, let reading = reading(field, leavingOneOut: left != nil) {
            // The reading knows the field's last `reading.count` phrasings: their similarities, and the
            // left-out phrasing's place among them, if it is one of them.
            let first = indices.count - reading.count
            let fitted = Array(similarities[first...])
            let goalOverlap = field.readsAgainstGoal ? GoalOverlap.of(text, goal: goal) : nil
            let raw = left.flatMap { indices.firstIndex(of: $0) }.flatMap { $0 >= first ? $0 - first : nil }
                .map { reading.score(similarities: fitted, text: text, goalOverlap: goalOverlap, without: $0) }
                ?? reading.score(similarities: fitted, text: text, goalOverlap: goalOverlap)
            share = modelWeight * min(max(raw, 0), 1) + (1 - modelWeight) * vote
        }
        let described = nearest.map { (text: phrasings[$0.index].text, flagged: phrasings[$0.index].flagged, similarity: $0.similarity) }
        return MeaningVerdict(flagShare: share, vote: vote,
                              nearestFlagged: described.filter(\.flagged).map { ($0.text, $0.similarity) },
                              nearest: described)
    }
}

/// Vectors of one length in one contiguous buffer, so the similarity of an answer to every labelled
/// phrasing of a field is one pass over memory (`momentum_dots`).
struct VectorMatrix: Sendable {
    let dimensions: Int
    let count: Int
    private let values: [Float]

    func row(_ index: Int) -> [Float] {
        Array(values[index * dimensions..<(index + 1) * dimensions])
    }

    init(_ rows: [[Float]]) {
        dimensions = rows.map(\.count).max() ?? 0
        count = rows.count
        var values = [Float](repeating: 0, count: dimensions * rows.count)
        for (row, vector) in rows.enumerated() {
            for (column, value) in vector.enumerated() { values[row * dimensions + column] = value }
        }
        self.values = values
    }

    /// The dot product of `vector` with every row; missing components count as zero.
    func dots(with vector: [Float]) -> [Float] {
        let width = min(dimensions, vector.count)
        var result = [Float](repeating: 0, count: count)
        guard width > 0, count > 0 else { return result }
        values.withUnsafeBufferPointer { matrix in
            vector.withUnsafeBufferPointer { query in
                result.withUnsafeMutableBufferPointer { out in
                    momentum_dots(matrix.baseAddress!, count, dimensions, query.baseAddress!, width, out.baseAddress!)
                }
            }
        }
        return result
    }
}

struct CachingEncoder: SentenceEncoding {
    let storage: Storage
    let encoder: any SentenceEncoding
    func encode(_ text: String) -> [Float] { storage.encode(text, with: encoder) }
}

/// What an index and its leave-one-out copies share: the phrasings, read on first use, and their
/// vectors, worked out once per field.
final class Storage: @unchecked Sendable {
    /// A class, so that handing it out under the lock is one reference, not a copy of three collections.
    final class Content: Sendable {
        let phrasings: [LabelledPhrasing]
        let byField: [RuleField: [Int]]
        /// Each phrasing's index by field and lowercased text, for exact matches.
        let position: [RuleField: [String: Int]]
        init(phrasings: [LabelledPhrasing], byField: [RuleField: [Int]], position: [RuleField: [String: Int]]) {
            self.phrasings = phrasings
            self.byField = byField
            self.position = position
        }
    }

    private let load: @Sendable () -> [LabelledPhrasing]
    private var loaded: Content?
    private var vectorsByField: [RuleField: VectorMatrix] = [:]
    private var readingsByField: [RuleField: RidgeReading?] = [:]
    private let lock = NSLock()

    let readingRows: Int
    let cache: (any ReadingCache)?

    init(load: @escaping @Sendable () -> [LabelledPhrasing], readingRows: Int, cache: (any ReadingCache)?) {
        self.load = load
        self.readingRows = readingRows
        self.cache = cache
    }

    var content: Content {
        lock.lock()
        defer { lock.unlock() }
        if let loaded { return loaded }
        var position: [RuleField: [String: Int]] = [:]
        var kept: [LabelledPhrasing] = []
        for phrasing in load() {
            let key = phrasing.key
            if let index = position[phrasing.field]?[key] { kept[index] = phrasing } else {
                position[phrasing.field, default: [:]][key] = kept.count
                kept.append(phrasing)
            }
        }
        let content = Content(phrasings: kept, byField: Dictionary(grouping: kept.indices, by: { kept[$0].field }), position: position)
        loaded = content
        return content
    }

    /// Vectors of texts a plan repeats in every comparison (its goal, metric, outcome), kept while
    /// there are few: answers are encoded fresh, since each is new.
    private var encoded: [String: [Float]] = [:]

    func encode(_ text: String, with encoder: any SentenceEncoding) -> [Float] {
        lock.lock()
        if let vector = encoded[text] {
            lock.unlock()
            return vector
        }
        lock.unlock()
        let vector = encoder.encode(text)
        lock.lock()
        if encoded.count >= 256 { encoded.removeAll(keepingCapacity: true) }
        encoded[text] = vector
        lock.unlock()
        return vector
    }

    struct VerdictKey: Hashable {
        let field: RuleField
        let text: String
        let neighbours: Int
        let modelWeight: Double
        let goal: String
    }

    /// Verdicts on answers met before, while there are few enough to keep (a whole file's worth).
    private var verdicts: [VerdictKey: MeaningVerdict?] = [:]

    func rememberedVerdict(_ key: VerdictKey) -> MeaningVerdict?? {
        lock.lock()
        defer { lock.unlock() }
        return verdicts[key]
    }

    func remember(_ verdict: MeaningVerdict?, _ key: VerdictKey) {
        lock.lock()
        defer { lock.unlock() }
        if verdicts.count >= 4_096 { verdicts.removeAll(keepingCapacity: true) }
        verdicts[key] = .some(verdict)
    }

    func vectors(for field: RuleField, compute: () -> VectorMatrix) -> VectorMatrix {
        lock.lock()
        defer { lock.unlock() }
        if let cached = vectorsByField[field] { return cached }
        let computed = compute()
        vectorsByField[field] = computed
        return computed
    }

    /// A reading read back from a cache cannot leave a row out: one that must is fitted again.
    func reading(for field: RuleField, leavingOneOut: Bool, fit: () -> RidgeReading?) -> RidgeReading? {
        lock.lock()
        defer { lock.unlock() }
        if let cached = readingsByField[field], !leavingOneOut || cached?.canLeaveOneOut != false { return cached }
        let fitted = fit()
        readingsByField[field] = .some(fitted)
        return fitted
    }
}

extension SentenceEncoder: SentenceEncoding {}

extension RuleField {
    /// Fields whose answers serve a goal: their linear reading also weighs the answer's overlap with it.
    var readsAgainstGoal: Bool { self == .win || self == .moves }
}
