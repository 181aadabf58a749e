import Foundation
import Testing
@testable import MomentumCore
import MomentumVectors

/// The Swift encoder against the Python reference (model2vec's StaticModel.encode and its Hugging
/// Face tokenizer), through the fixture scripts/build-embeddings.py writes.
@Suite struct SentenceEncoderTests {
    struct Case: Decodable {
        let text: String
        let ids: [Int]
        let vector: [Float]
    }

    struct Fixture: Decodable {
        let unknownId: Int
        let cases: [Case]
    }

    static let fixtureURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("MeaningFixtures/reference.json")

    func fixture() throws -> Fixture {
        try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: Self.fixtureURL))
    }

    func encoder() throws -> SentenceEncoder {
        try #require(SentenceEncoder.shared, "the artifact Sources/MomentumVectors/momentum-vectors.bin is not embedded")
    }

    @Test func fixtureCoversEnoughSentences() throws {
        #expect(try fixture().cases.count >= 250)
    }

    @Test func tokenIdsMatchTheReferenceTokenizer() throws {
        let encoder = try encoder()
        let fixture = try fixture()
        #expect(encoder.artifact.unknownId == fixture.unknownId)
        for reference in fixture.cases {
            #expect(encoder.tokenizer.tokenIds(reference.text) == reference.ids, "\(reference.text.debugDescription)")
        }
    }

    @Test func vectorsMatchTheReferenceEncoder() throws {
        let encoder = try encoder()
        for reference in try fixture().cases {
            let vector = encoder.encode(reference.text)
            #expect(vector.count == reference.vector.count)
            if reference.vector.allSatisfy({ $0 == 0 }) {
                #expect(vector.allSatisfy { $0 == 0 }, "\(reference.text.debugDescription) has no known token")
            } else {
                let cosine = VectorMath.dot(vector, reference.vector) / VectorMath.dot(reference.vector, reference.vector).squareRoot()
                #expect(cosine >= 0.999, "\(reference.text.debugDescription): cosine \(cosine)")
            }
        }
    }

    @Test(arguments: [
        ("Hello, World!", ["hello", ",", "world", "!"]),
        ("naïve façade", ["naive", "facade"]),
        ("İstanbul ΣΑΣ", ["istanbul", "σ", "##α", "##σ"]),
        ("hyperparameterization", ["hyper", "##para", "##meter", "##ization"]),
        ("日本語のテキスト", ["日", "本", "語", "の", "##テ", "##キ", "##ス", "##ト"]),
        ("x\u{0}y\u{0B}z", ["x", "##y", "##z"]),
        ("before[PAD]after", ["before", "[PAD]", "after"]),
        ("[CLS] 😀", ["[", "cl", "##s", "]", "[UNK]"]),
        (String(repeating: "c", count: 101), ["[UNK]"]),
        ("$1.5M", ["$", "1", ".", "5", "##m"]),
    ])
    func tokenizesTrickyInputs(text: String, pieces: [String]) throws {
        let encoder = try encoder()
        let tokens = encoder.tokenizer.tokenIds(text).map { String(decoding: encoder.artifact.token($0), as: UTF8.self) }
        #expect(tokens == pieces)
    }

    @Test func unknownOnlyTextEncodesToZeros() throws {
        let encoder = try encoder()
        for text in ["", "   ", "😀", "\u{0}"] {
            #expect(encoder.encode(text) == [Float](repeating: 0, count: encoder.dimensions), "\(text.debugDescription)")
        }
    }

    @Test func vectorsAreUnitLengthAndCloserForRelatedSentences() throws {
        let encoder = try encoder()
        #expect(encoder.dimensions == 256)
        let goal = encoder.encode("Get new customers billing on day one")
        #expect(abs(VectorMath.dot(goal, goal) - 1) < 1e-5)
        let related = VectorMath.dot(goal, encoder.encode("Customers send their first invoice the day they sign up"))
        let unrelated = VectorMath.dot(goal, encoder.encode("Meditate for ten minutes every morning"))
        #expect(related > unrelated)
    }

    /// A damaged artifact is refused, not read out of bounds: the header alone, or a wrong magic.
    @Test(arguments: [(72, false), (momentum_vectors_size, true)])
    func rejectsADamagedArtifact(length: Int, corruptMagic: Bool) {
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: length, alignment: 16)
        defer { copy.deallocate() }
        copy.copyMemory(from: UnsafeRawBufferPointer(start: momentum_vectors_bytes(), count: length))
        if corruptMagic { copy[0] = UInt8(ascii: "X") }
        #expect(VectorArtifact(UnsafeRawBufferPointer(copy)) == nil)
        copy[0] = UInt8(ascii: "M")
        #expect((VectorArtifact(UnsafeRawBufferPointer(copy)) != nil) == (length == momentum_vectors_size))
    }
}
