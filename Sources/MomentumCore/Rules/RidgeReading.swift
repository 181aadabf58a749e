/// A linear reading of one field's labelled phrasings: ridge regression of the label (flag 1, ok 0)
/// on the sentence vector and a bias, solved in closed form.
///
/// Why this beside the neighbours' vote: on the tuned phrasings (leave-one-out) a linear reading
/// of all of a field's phrasings separates flag from ok better than the nine nearest alone (F 0.80
/// against 0.78), and the two together better still (0.81); docs/rules.md has the figures. Ridge
/// rather than logistic regression because it has an exact closed form: no iterations to tune, the
/// same weights on every machine, and an exact leave-one-out reading (Sherman–Morrison) for
/// `rules eval --leave-one-out` without refitting. It is fitted from the phrasings on first use, so a
/// user's own labelled phrasings count at once.
struct RidgeReading: Sendable {
    /// The weights, one per vector component, then the bias.
    private let weights: [Double]
    /// The lower Cholesky factor of XᵀX + λI (row-major, `width` × `width`), kept to read without one row.
    private let factor: [Double]
    private let width: Int

    /// λ for the shipped vectors: chosen on rules/phrasings/real.tsv with leave-one-out (docs/rules.md).
    static let defaultRidge = 1.0

    /// `rows` are the field's sentence vectors (all the same length), `flagged` their labels.
    /// `ridge` (λ) weighs how strongly the weights are held near zero; the bias is not held.
    init?(rows: [[Float]], flagged: [Bool], ridge: Double) {
        guard let dimensions = rows.first?.count, dimensions > 0, rows.count == flagged.count else { return nil }
        let width = dimensions + 1
        // One row per vector component (and one of ones for the bias), so each row of XᵀX is one
        // SIMD pass over the phrasings.
        let usable = rows.indices.filter { rows[$0].count == dimensions }
        let columns = VectorMatrix((0..<width).map { column in
            usable.map { column < dimensions ? rows[$0][column] : 1 }
        })
        var gram = [Double](repeating: 0, count: width * width)
        for i in 0..<width {
            for (j, value) in columns.dots(with: columns.row(i)).enumerated() { gram[i * width + j] = Double(value) }
        }
        let moments = columns.dots(with: usable.map { flagged[$0] ? 1 : 0 }).map(Double.init)
        for i in 0..<dimensions { gram[i * width + i] += ridge }
        // The bias is not held near zero; a whisker keeps the factor defined for a single row.
        gram[width * width - 1] += 1e-9
        guard let factor = RidgeReading.cholesky(gram, width: width) else { return nil }
        self.factor = factor
        self.width = width
        self.weights = RidgeReading.solve(factor, width: width, moments)
    }

    /// The reading of `vector`: near 1 reads like the flagged phrasings, near 0 like the ok ones.
    func score(_ vector: [Float]) -> Double {
        dot(weights, vector)
    }

    /// The reading of `vector` by the weights fitted without one labelled row (exact: Sherman–Morrison).
    func score(_ vector: [Float], without row: [Float], flagged: Bool) -> Double {
        var x = row.map(Double.init)
        x.append(1)
        let direction = RidgeReading.solve(factor, width: width, x)
        let leverage = zip(x, direction).reduce(0) { $0 + $1.0 * $1.1 }
        guard leverage < 1 - 1e-9 else { return score(vector) }
        let residual = (flagged ? 1 : 0) - dot(weights, row)
        let shift = residual / (1 - leverage)
        return score(vector) - shift * dot(direction, vector)
    }

    private func dot(_ weights: [Double], _ vector: [Float]) -> Double {
        var sum = weights[width - 1]
        for i in 0..<min(width - 1, vector.count) { sum += weights[i] * Double(vector[i]) }
        return sum
    }

    /// L with L Lᵀ = `matrix` (lower triangle read), or nil when it is not positive definite.
    private static func cholesky(_ matrix: [Double], width: Int) -> [Double]? {
        var lower = [Double](repeating: 0, count: width * width)
        let ok = lower.withUnsafeMutableBufferPointer { l -> Bool in
            for i in 0..<width {
                for j in 0...i {
                    var sum = matrix[i * width + j]
                    for k in 0..<j { sum -= l[i * width + k] * l[j * width + k] }
                    if i == j {
                        guard sum > 0 else { return false }
                        l[i * width + i] = sum.squareRoot()
                    } else {
                        l[i * width + j] = sum / l[j * width + j]
                    }
                }
            }
            return true
        }
        return ok ? lower : nil
    }

    /// x with L Lᵀ x = b.
    private static func solve(_ lower: [Double], width: Int, _ b: [Double]) -> [Double] {
        var y = b
        for i in 0..<width {
            var sum = y[i]
            for k in 0..<i { sum -= lower[i * width + k] * y[k] }
            y[i] = sum / lower[i * width + i]
        }
        for i in stride(from: width - 1, through: 0, by: -1) {
            var sum = y[i]
            for k in (i + 1)..<width { sum -= lower[k * width + i] * y[k] }
            y[i] = sum / lower[i * width + i]
        }
        return y
    }
}
