import Foundation
import Testing
@testable import MomentumCore
@testable import MomentumStore

/// The store operations exercised through the `PlanStore` protocol only, once per engine, so a
/// second engine runs the same checks. Only SQLite exists so far (PostgreSQL is issue 13, unfinished).
@Suite struct PlanStoreTests {
    static let engines: [String] = ["sqlite"]

    static func open(_ engine: String) throws -> any PlanStore {
        try Store.inMemory()
    }

    @Test(arguments: engines) func savesUpdatesAndUndoesThroughTheProtocol(engine: String) throws {
        let store = try Self.open(engine)
        let id = try store.save(StoreTests.plan, describing: "create", at: StoreTests.date)
        #expect(try store.planCount() == 1)
        let changed = try store.update(id, describing: "rename", at: StoreTests.date) { $0.goal = "Ship it" }
        #expect(changed.goal == "Ship it")
        #expect(try store.undo() == "rename")
        #expect(try store.plan(id)?.goal == StoreTests.plan.goal)
        #expect(try store.summaries(includeClosed: false, limit: nil, offset: 0).map(\.id) == [id])
    }

    @Test(arguments: engines) func keepsSettingsAndReviewsThroughTheProtocol(engine: String) throws {
        let store = try Self.open(engine)
        #expect(try store.setting("tone") == nil)
        try store.setSetting("tone", to: "brief")
        #expect(try store.setting("tone") == "brief")
        try store.saveReview("A good week", at: StoreTests.date)
        #expect(try store.reviews().map(\.body) == ["A good week"])
    }
}
