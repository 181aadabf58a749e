/// A linear reading of one field's labelled phrasings: ridge regression of the label (flag 1, ok 0)
/// on each phrasing's sentence vector and the words it uses, solved in closed form.
///
/// Why this beside the neighbours' vote: on the tuned phrasings (leave-one-out) a linear reading
/// of all of a field's phrasings separates flag from ok better than the nine nearest alone, and it
/// reads better still when it also sees the words (docs/rules.md has the figures). The words are the
/// phrasing's word stems and pairs of neighbouring stems ("number of", "of followers"): static
/// sentence vectors average words away, so "Number of followers" and "Share of followers who buy"
/// sit close, while the pairs tell them apart.
///
/// It is solved in the dual (kernel) form, one weight per labelled phrasing: the features are a
/// vector of 256 numbers plus one per word pair the field has ever seen (thousands), while a field
/// has a few hundred phrasings. The kernel of two phrasings is the dot product of their vectors,
/// plus `wordWeight` times the share of word features they have in common (a cosine of their sets),
/// plus `biasWeight` (a constant feature, so the intercept is barely held near zero), plus, for
/// answers judged against a goal (`moves`, `win`), the product of the two phrasings' overlaps with
/// their own goals (`GoalOverlap`): a win read beside its goal, not alone. On the tuned phrasings
/// (leave-one-out, real and the project's) that raised precision 0.8407 → 0.8437 and recall
/// 0.8218 → 0.8277 at the same warning precision; the goal's vector cosine instead of its words read
/// no better and lowered warning precision.
///
/// Ridge rather than logistic regression because it has an exact closed form: no iterations to
/// tune, the same weights on every machine, and an exact leave-one-out reading for
/// `rules eval --leave-one-out` without refitting. It is fitted from the phrasings on first use, so
/// a user's own labelled phrasings count at once.
struct RidgeReading: Sendable {
    /// One weight per labelled phrasing: the reading of x is Σ αᵢ k(x, xᵢ).
    private let weights: [Double]
    /// The reading's kernel is linear in each part, so the sum over phrasings folds into one weight
    /// per word feature (Σ αᵢ over the phrasings that have it, each over the root of its feature
    /// count) and one constant: an answer is read from its own features, not compared with every row.
    private let featureWeights: [String: Double]
    private let constant: Double
    /// The mean of the phrasings' overlaps with their goals, and the weight an answer's own (centred
    /// on it) gets: Σ αᵢ gᵢ.
    private let goalOverlapMean: Double
    private let goalOverlapWeight: Double
    let count: Int
    /// What reading without one labelled row needs (`rules eval --leave-one-out`): kept when the
    /// reading is fitted here, not when it is read back from a `ReadingCache`.
    private let leaveOneOut: LeaveOneOut?

    private struct LeaveOneOut: Sendable {
        /// The lower Cholesky factor of K + λI (row-major, `count` × `count`).
        let factor: [Double]
        let words: WordFeatures
        /// Each phrasing's overlap with its goal, centred (0, the mean, for one without a goal).
        let goalOverlaps: [Double]
    }

    var canLeaveOneOut: Bool { leaveOneOut != nil }

    /// λ, and the weights of the word and constant parts of the kernel: chosen on
    /// rules/phrasings/real.tsv with leave-one-out (docs/rules.md).
    static let defaultRidge = 2.0
    static let wordWeight = 1.0
    static let biasWeight = 10.0
    static let goalWeight = 1.0
    /// The most phrasings of one field the reading is fitted on: its kernel is n × n and its
    /// factorisation n³/3, so 2,000 (32 MB, about a second) keeps a field's first check short
    /// however many phrasings a user adds. The neighbours' vote still hears them all.
    static let maximumRows = 2_000

    /// `rows` are the field's sentence vectors (all the same length), `texts` the phrasings they
    /// were encoded from, `flagged` their labels. `ridge` (λ) weighs how strongly the reading is
    /// held near zero. `goalOverlaps`, for a field judged against its goal, are each phrasing's
    /// `GoalOverlap` with its own goal (nil for one without a goal). `keepingLeaveOneOut`: keep what
    /// reading without one row needs (the n × n factor: 17 MB over the shipped fields, most of a
    /// first `check`'s peak), only for `rules eval --leave-one-out`.
    init?(rows: [[Float]], texts: [String], flagged: [Bool], ridge: Double, goalOverlaps: [Double?]? = nil,
          keepingLeaveOneOut: Bool = true) {
        let count = rows.count
        guard count > 0, let dimensions = rows.first?.count, dimensions > 0,
              rows.allSatisfy({ $0.count == dimensions }), texts.count == count, flagged.count == count,
              goalOverlaps.map({ $0.count == count }) ?? true else { return nil }
        let vectors = VectorMatrix(rows)
        let words = WordFeatures(texts)
        let known = (goalOverlaps ?? []).compactMap { $0 }
        let mean = known.isEmpty ? 0 : known.reduce(0, +) / Double(known.count)
        let centred = goalOverlaps?.map { ($0 ?? mean) - mean } ?? [Double](repeating: 0, count: count)
        var kernel = [Double](repeating: 0, count: count * count)
        for i in 0..<count {
            let similarities = vectors.dots(with: rows[i])
            let shared = words.overlaps(with: words.rows[i])
            for j in 0..<count {
                kernel[i * count + j] = Double(similarities[j]) + Self.wordWeight * shared[j] + Self.biasWeight
                    + Self.goalWeight * centred[i] * centred[j]
            }
            kernel[i * count + i] += ridge
        }
        guard let factor = Cholesky.factor(consume kernel, width: count) else { return nil }
        self.count = count
        let weights = Cholesky.solve(factor, width: count, flagged.map { $0 ? 1 : 0 })
        self.weights = weights
        var byID = [Double](repeating: 0, count: words.featureCount)
        for (row, features) in words.rows.enumerated() where !features.isEmpty {
            let share = weights[row] / Double(features.count).squareRoot()
            for feature in features { byID[feature] += share }
        }
        self.featureWeights = words.namedByID.enumerated().reduce(into: [:]) { $0[$1.element] = byID[$1.offset] }
        self.constant = Self.biasWeight * weights.reduce(0, +)
        self.goalOverlapMean = mean
        self.goalOverlapWeight = Self.goalWeight * zip(weights, centred).reduce(0) { $0 + $1.0 * $1.1 }
        self.leaveOneOut = keepingLeaveOneOut ? LeaveOneOut(factor: factor, words: words, goalOverlaps: centred) : nil
    }

    private init(weights: [Double], featureWeights: [String: Double], constant: Double, goalOverlapMean: Double,
                 goalOverlapWeight: Double) {
        self.weights = weights
        self.featureWeights = featureWeights
        self.constant = constant
        self.goalOverlapMean = goalOverlapMean
        self.goalOverlapWeight = goalOverlapWeight
        self.count = weights.count
        self.leaveOneOut = nil
    }

    /// An answer's overlap with its goal on the reading's scale (0 without a goal).
    private func centred(_ goalOverlap: Double?) -> Double { goalOverlap.map { $0 - goalOverlapMean } ?? 0 }

    /// The kernel of an answer with every labelled phrasing: `similarities` are its vector's dot
    /// products with theirs, in row order (the neighbours' vote has just worked them out).
    private func kernel(similarities: [Float], text: String, goalOverlap: Double?, _ parts: LeaveOneOut) -> [Double] {
        let shared = parts.words.overlaps(with: WordFeatures.features(of: text))
        let own = Self.goalWeight * centred(goalOverlap)
        return (0..<count).map { Double(similarities[$0]) + Self.wordWeight * shared[$0] + Self.biasWeight + own * parts.goalOverlaps[$0] }
    }

    /// The reading of an answer: near 1 reads like the flagged phrasings, near 0 like the ok ones.
    /// `goalOverlap`: the answer's `GoalOverlap` with its plan's goal, for a field judged against it.
    func score(similarities: [Float], text: String, goalOverlap: Double? = nil) -> Double {
        guard similarities.count == count else { return 0 }
        var vectorPart = 0.0
        for (weight, similarity) in zip(weights, similarities) { vectorPart += weight * Double(similarity) }
        let features = WordFeatures.features(of: text)
        let known = features.compactMap { featureWeights[$0] }
        let wordPart = known.isEmpty ? 0 : known.reduce(0, +) / Double(features.count).squareRoot()
        return vectorPart + Self.wordWeight * wordPart + constant + goalOverlapWeight * centred(goalOverlap)
    }

    /// The reading by the weights fitted without labelled row `row` (exact): with A = (K + λI)⁻¹,
    /// dropping row j changes the reading of x by −(αⱼ / Aⱼⱼ) · k(x)ᵀ A eⱼ. Only for a reading
    /// fitted here (`canLeaveOneOut`); one read back from a cache reads with every row.
    func score(similarities: [Float], text: String, goalOverlap: Double? = nil, without row: Int) -> Double {
        guard similarities.count == count, (0..<count).contains(row), let parts = leaveOneOut else {
            return score(similarities: similarities, text: text, goalOverlap: goalOverlap)
        }
        let kernel = kernel(similarities: similarities, text: text, goalOverlap: goalOverlap, parts)
        var unit = [Double](repeating: 0, count: count)
        unit[row] = 1
        let column = Cholesky.solve(parts.factor, width: count, unit)
        let full = zip(weights, kernel).reduce(0) { $0 + $1.0 * $1.1 }
        let along = zip(column, kernel).reduce(0) { $0 + $1.0 * $1.1 }
        return full - weights[row] / column[row] * along
    }
}

/// A fitted reading as bytes, for a `ReadingCache`: what scoring needs (the weights, the word
/// features' weights, the constants), not what leaving a row out needs (the n × n factor), so an
/// entry is tens of kilobytes. Little-endian; doubles kept bit for bit, so a reading read back
/// scores exactly as the one fitted.
extension RidgeReading {
    private static let magic = Array("MMTRDG01".utf8)

    var encoded: [UInt8] {
        var bytes = Self.magic
        func append(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
        append(UInt64(weights.count))
        for value in [constant, goalOverlapMean, goalOverlapWeight] + weights { append(value.bitPattern) }
        let names = featureWeights.keys.sorted()
        append(UInt64(names.count))
        for name in names {
            let utf8 = Array(name.utf8)
            append(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
            append(featureWeights[name]!.bitPattern)
        }
        return bytes
    }

    /// The reading in `bytes`, or nil when they are not one `encoded` wrote (or not of `count` rows).
    init?(encoded bytes: [UInt8], count expected: Int) {
        guard bytes.starts(with: Self.magic) else { return nil }
        var offset = Self.magic.count
        func word() -> UInt64? {
            guard bytes.count - offset >= 8 else { return nil }
            var value: UInt64 = 0
            for index in 0..<8 { value |= UInt64(bytes[offset + index]) << (8 * index) }
            offset += 8
            return value
        }
        func double() -> Double? { word().map(Double.init(bitPattern:)) }
        guard let rows = word(), rows == UInt64(expected), rows <= UInt64(bytes.count / 8),
              let constant = double(), let mean = double(), let goalWeight = double() else { return nil }
        var weights: [Double] = []
        weights.reserveCapacity(Int(rows))
        for _ in 0..<Int(rows) {
            guard let weight = double() else { return nil }
            weights.append(weight)
        }
        guard let names = word(), names <= UInt64(bytes.count) else { return nil }
        var featureWeights: [String: Double] = [:]
        for _ in 0..<Int(names) {
            guard let length = word(), length <= UInt64(bytes.count - offset) else { return nil }
            let name = String(decoding: bytes[offset..<offset + Int(length)], as: UTF8.self)
            offset += Int(length)
            guard let weight = double() else { return nil }
            featureWeights[name] = weight
        }
        guard offset == bytes.count else { return nil }
        self.init(weights: weights, featureWeights: featureWeights, constant: constant, goalOverlapMean: mean,
                  goalOverlapWeight: goalWeight)
    }
}

/// How much of an answer's wording its goal shares: the cosine of their sets of word stems (0 when
/// either has none). A win or a `moves` answer that names what its goal names is more often one a
/// coach lets pass; one that shares nothing may serve another goal.
enum GoalOverlap {
    static func of(_ text: String, goal: String) -> Double? {
        guard !goal.isEmpty else { return nil }
        let own = Set(Words.stems(text)), goal = Set(Words.stems(goal))
        guard !own.isEmpty, !goal.isEmpty else { return 0 }
        return Double(own.intersection(goal).count) / (Double(own.count) * Double(goal.count)).squareRoot()
    }
}

/// The word features of a field's phrasings: each phrasing's set of word stems and pairs of
/// neighbouring stems, as ids, with an index from each feature to the phrasings that have it, so an
/// answer's overlap with every phrasing is one pass over its own features.
struct WordFeatures: Sendable {
    /// Each phrasing's feature ids, without repeats.
    let rows: [[Int]]
    private let ids: [String: Int]
    private let holders: [[Int]]

    /// Each feature's text, by id.
    var namedByID: [String] {
        var names = [String](repeating: "", count: holders.count)
        for (name, id) in ids { names[id] = name }
        return names
    }

    init(_ texts: [String]) {
        var ids: [String: Int] = [:]
        var holders: [[Int]] = []
        var rows: [[Int]] = []
        rows.reserveCapacity(texts.count)
        for (row, text) in texts.enumerated() {
            var features: [Int] = []
            for feature in Self.features(of: text) {
                let id: Int
                if let known = ids[feature] { id = known } else {
                    id = holders.count
                    ids[feature] = id
                    holders.append([])
                }
                features.append(id)
                holders[id].append(row)
            }
            rows.append(features)
        }
        self.rows = rows
        self.ids = ids
        self.holders = holders
    }

    /// A text's features: its word stems and each pair of neighbouring stems, without repeats.
    static func features(of text: String) -> [String] {
        let stems = Words.stems(text)
        var seen = Set<String>()
        var features: [String] = []
        for (index, stem) in stems.enumerated() {
            for feature in index == 0 ? [stem] : [stem, stems[index - 1] + " " + stem] where seen.insert(feature).inserted {
                features.append(feature)
            }
        }
        return features
    }

    var featureCount: Int { holders.count }

    /// The cosine of `features`' set with each phrasing's: shared features over the root of the
    /// product of the two counts (0 when either has none).
    func overlaps(with features: [String]) -> [Double] {
        overlaps(known: features.compactMap { ids[$0] }, total: features.count)
    }

    func overlaps(with row: [Int]) -> [Double] { overlaps(known: row, total: row.count) }

    private func overlaps(known: [Int], total: Int) -> [Double] {
        var shared = [Double](repeating: 0, count: rows.count)
        guard total > 0 else { return shared }
        for id in known {
            for row in holders[id] { shared[row] += 1 }
        }
        let own = Double(total)
        for row in rows.indices where shared[row] > 0 {
            shared[row] /= (own * Double(rows[row].count)).squareRoot()
        }
        return shared
    }
}

/// Cholesky factorisation and solves of a symmetric positive definite matrix (row-major).
enum Cholesky {
    /// L with L Lᵀ = `matrix` (lower triangle read), or nil when it is not positive definite.
    /// In place: each entry of the lower triangle is read once, just before its factor entry is
    /// written over it, so a fit holds one n × n matrix rather than two.
    static func factor(_ matrix: consuming [Double], width: Int) -> [Double]? {
        var lower = matrix
        let ok = lower.withUnsafeMutableBufferPointer { l -> Bool in
            for i in 0..<width {
                for j in 0...i {
                    let sum = l[i * width + j] - dot(l.baseAddress! + i * width, l.baseAddress! + j * width, count: j)
                    if i == j {
                        guard sum > 0 else { return false }
                        l[i * width + i] = sum.squareRoot()
                    } else {
                        l[i * width + j] = sum / l[j * width + j]
                    }
                }
                for j in (i + 1)..<width { l[i * width + j] = 0 }
            }
            return true
        }
        return ok ? lower : nil
    }

    /// Σ a[k]·b[k] in four running sums: one sum is a chain of dependent additions, and the
    /// factorisation's n³/6 of them were most of a one-shot `done` (the fourth round of phrasings
    /// made a field's fit a third larger). Fixed order, so the same on every machine.
    private static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, count: Int) -> Double {
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var k = 0
        while k + 4 <= count {
            s0 += a[k] * b[k]
            s1 += a[k + 1] * b[k + 1]
            s2 += a[k + 2] * b[k + 2]
            s3 += a[k + 3] * b[k + 3]
            k += 4
        }
        while k < count {
            s0 += a[k] * b[k]
            k += 1
        }
        return (s0 + s1) + (s2 + s3)
    }

    /// x with L Lᵀ x = b.
    static func solve(_ lower: [Double], width: Int, _ b: [Double]) -> [Double] {
        var y = b
        lower.withUnsafeBufferPointer { l in
            y.withUnsafeMutableBufferPointer { y in
                for i in 0..<width {
                    y[i] = (y[i] - dot(l.baseAddress! + i * width, y.baseAddress!, count: i)) / l[i * width + i]
                }
            }
            for i in stride(from: width - 1, through: 0, by: -1) {
                var sum = y[i]
                for k in (i + 1)..<width { sum -= l[k * width + i] * y[k] }
                y[i] = sum / l[i * width + i]
            }
        }
        return y
    }
}
