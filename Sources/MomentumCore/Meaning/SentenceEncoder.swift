import MomentumVectors

/// Sentence vectors from static token embeddings distilled from all-MiniLM-L6-v2 (model2vec): the
/// mean of the sentence's WordPiece token vectors ([UNK] left out), L2-normalised, as
/// model2vec's StaticModel.encode computes it. Cosine similarity is then `VectorMath.dot`.
public struct SentenceEncoder: Sendable {
    /// The artifact embedded in the binary (Sources/MomentumVectors), decoded on first use: the header
    /// only, the vectors stay in the binary's read-only pages. Nil only if the embedded bytes are not
    /// an artifact this code reads (a build without the artifact stops with an error instead).
    public static let shared: SentenceEncoder? = {
        let bytes = UnsafeRawBufferPointer(start: momentum_vectors_bytes(), count: momentum_vectors_size)
        return VectorArtifact(bytes).map(SentenceEncoder.init)
    }()

    let artifact: VectorArtifact
    let tokenizer: WordPieceTokenizer

    init(artifact: VectorArtifact) {
        self.artifact = artifact
        tokenizer = WordPieceTokenizer(vocabulary: artifact)
    }

    public var dimensions: Int { artifact.dimensions }

    /// The L2-normalised sentence vector; all zeros when the text has no known token.
    public func encode(_ text: String) -> [Float] {
        var vector = [Float](repeating: 0, count: artifact.dimensions)
        let unknown = artifact.unknownId
        vector.withUnsafeMutableBufferPointer { sum in
            for id in tokenizer.tokenIds(text) where id != unknown { artifact.accumulate(id, into: sum) }
            var squares: Float = 0
            for value in sum { squares += value * value }
            guard squares > 0 else { return }
            let scale = 1 / squares.squareRoot()
            for index in sum.indices { sum[index] *= scale }
        }
        return vector
    }
}

public enum VectorMath {
    /// The dot product; for two vectors from `SentenceEncoder.encode`, their cosine similarity.
    public static func dot(_ a: [Float], _ b: [Float]) -> Float {
        precondition(a.count == b.count, "dot of vectors with \(a.count) and \(b.count) dimensions")
        var sum: Float = 0
        for index in a.indices { sum += a[index] * b[index] }
        return sum
    }
}
