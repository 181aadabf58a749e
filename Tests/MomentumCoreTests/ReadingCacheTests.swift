import Foundation
import Testing
@testable import MomentumCore

/// A cache in memory that counts what it is asked, to see when a reading is fitted and when read back.
final class MemoryReadingCache: ReadingCache, @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: [UInt8]] = [:]
    private(set) var loads = 0
    private(set) var stores = 0

    var keys: [String] { lock.withLock { entries.keys.sorted() } }

    func bytes(forKey key: String) -> [UInt8]? {
        lock.withLock {
            loads += 1
            return entries[key]
        }
    }

    func store(_ bytes: [UInt8], forKey key: String) {
        lock.withLock {
            stores += 1
            entries[key] = bytes
        }
    }

    func garble() {
        lock.withLock { entries = entries.mapValues { Array($0.dropLast(3)) } }
    }
}

/// The fitted linear readings kept between runs (`ReadingCache`): a reading read back scores
/// exactly as the one fitted, anything else in the cache is ignored, and a change to the phrasings fits anew.
@Suite struct ReadingCacheTests {
    static let rows = RidgeReadingTests.rows
    static let texts = RidgeReadingTests.texts
    static let flagged = RidgeReadingTests.flagged

    @Test func aReadingReadBackScoresExactlyAsTheOneFitted() throws {
        let fitted = try #require(RidgeReading(rows: Self.rows, texts: Self.texts, flagged: Self.flagged, ridge: 0.1,
                                               goalOverlaps: [0.5, nil, 0.1, 0, 0.3, nil]))
        let stored = try #require(RidgeReading(encoded: fitted.encoded, count: Self.rows.count))
        #expect(stored.encoded == fitted.encoded, "what scoring needs, bit for bit")
        #expect(!stored.canLeaveOneOut && fitted.canLeaveOneOut)
        for (probe, text, overlap): ([Float], String, Double?) in [([1, 0, 0], "Instagram followers", nil),
                                                                   ([0, 1, 0], "Share of trials that upgrade", 0.4),
                                                                   ([0.3, 0.3, 0.3], "", 0)] {
            let similarities = RidgeReadingTests.similarities(probe, to: Self.rows)
            #expect(stored.score(similarities: similarities, text: text, goalOverlap: overlap)
                    == fitted.score(similarities: similarities, text: text, goalOverlap: overlap))
        }
    }

    @Test func bytesThatAreNoReadingOfThatSizeAreRefused() throws {
        let bytes = try #require(RidgeReading(rows: Self.rows, texts: Self.texts, flagged: Self.flagged, ridge: 0.1)).encoded
        #expect(RidgeReading(encoded: bytes, count: Self.rows.count) != nil)
        #expect(RidgeReading(encoded: bytes, count: Self.rows.count + 1) == nil, "a reading of other rows")
        #expect(RidgeReading(encoded: [], count: Self.rows.count) == nil)
        #expect(RidgeReading(encoded: Array("MMTRDG02".utf8) + bytes.dropFirst(8), count: Self.rows.count) == nil)
        #expect(RidgeReading(encoded: bytes + [0], count: Self.rows.count) == nil, "bytes after the end")
        for cut in stride(from: 1, to: bytes.count, by: 7) {
            #expect(RidgeReading(encoded: Array(bytes.prefix(cut)), count: Self.rows.count) == nil, "cut at \(cut)")
        }
        var huge = bytes
        huge.replaceSubrange(8..<16, with: [UInt8](repeating: 0xff, count: 8))
        #expect(RidgeReading(encoded: huge, count: Self.rows.count) == nil)
    }

    static func verdict(_ index: MeaningIndex, _ text: String = "weekly sync meeting about email") throws -> MeaningVerdict {
        try #require(index.verdict(for: text, vector: WordEncoder().encode(text), field: .milestone, neighbours: 3, modelWeight: 1))
    }

    @Test func aFieldIsFittedOnceAndReadBackByTheNextRun() throws {
        let cache = MemoryReadingCache()
        let phrasings = MeaningRuleTests.phrasings
        let first = try Self.verdict(MeaningIndex(encoder: WordEncoder(), cache: cache) { phrasings })
        #expect(cache.stores == 1 && cache.keys.count == 1)
        #expect(cache.keys.first?.hasPrefix("milestone-") == true)
        let second = try Self.verdict(MeaningIndex(encoder: WordEncoder(), cache: cache) { phrasings })
        #expect(cache.stores == 1, "the second run reads the reading back")
        #expect(second.flagShare == first.flagShare)
        let uncached = try Self.verdict(MeaningIndex(phrasings: phrasings, encoder: WordEncoder()))
        #expect(uncached.flagShare == first.flagShare)
    }

    @Test func aChangedLabelOrAGarbledEntryFitsAnew() throws {
        let cache = MemoryReadingCache()
        let phrasings = MeaningRuleTests.phrasings
        _ = try Self.verdict(MeaningIndex(encoder: WordEncoder(), cache: cache) { phrasings })
        var toggled = phrasings
        toggled[0].flagged.toggle()
        let relabelled = toggled
        let changed = try Self.verdict(MeaningIndex(encoder: WordEncoder(), cache: cache) { relabelled })
        #expect(cache.keys.count == 2, "another label, another key")
        #expect(changed.flagShare == (try Self.verdict(MeaningIndex(phrasings: relabelled, encoder: WordEncoder()))).flagShare)
        cache.garble()
        let refitted = try Self.verdict(MeaningIndex(encoder: WordEncoder(), cache: cache) { phrasings })
        #expect(cache.stores == 3, "a garbled entry is fitted again and stored whole")
        #expect(refitted.flagShare == (try Self.verdict(MeaningIndex(phrasings: phrasings, encoder: WordEncoder()))).flagShare)
    }

    /// `rules eval --leave-one-out` needs what a cached reading does not keep: it fits again.
    @Test func leavingOneOutWithACachedReadingFitsAgain() throws {
        let cache = MemoryReadingCache()
        let phrasings = MeaningRuleTests.phrasings
        _ = try Self.verdict(MeaningIndex(encoder: WordEncoder(), cache: cache) { phrasings })
        let cached = MeaningIndex(encoder: WordEncoder(), cache: cache) { phrasings }
        _ = try Self.verdict(cached)
        let text = phrasings[0].text
        let left = try Self.verdict(cached.excluding(phrasings[0]), text)
        let expected = try Self.verdict(MeaningIndex(phrasings: phrasings, encoder: WordEncoder()).excluding(phrasings[0]), text)
        #expect(left.flagShare == expected.flagShare)
        #expect(!left.isExact)
    }

    @Test func theKeyNamesTheRowsTheirVectorsAndTheField() {
        let phrasings = Array(MeaningRuleTests.phrasings.prefix(2))
        let rows: [[Float]] = [[1, 0], [0, 1]]
        let key = MeaningIndex.cacheKey(field: .milestone, phrasings: phrasings, rows: rows)
        #expect(key.hasPrefix("milestone-") && key.count == "milestone-".count + 32)
        #expect(key == MeaningIndex.cacheKey(field: .milestone, phrasings: phrasings, rows: rows))
        #expect(key != MeaningIndex.cacheKey(field: .milestone, phrasings: phrasings, rows: [[1, 0], [0, 0.5]]))
        #expect(key != MeaningIndex.cacheKey(field: .milestone, phrasings: phrasings.reversed(), rows: rows))
        var retold = phrasings
        retold[1].text += "s"
        #expect(key != MeaningIndex.cacheKey(field: .milestone, phrasings: retold, rows: rows))
        var otherGoal = phrasings
        otherGoal[0].goal = "Ship the billing page"
        #expect(key == MeaningIndex.cacheKey(field: .milestone, phrasings: otherGoal, rows: rows), "a milestone's reading reads no goal")
        #expect(MeaningIndex.cacheKey(field: .win, phrasings: phrasings, rows: rows)
                != MeaningIndex.cacheKey(field: .win, phrasings: otherGoal, rows: rows), "a win's does")
    }
}
