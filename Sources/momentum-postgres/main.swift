import MomentumCommandLine
import MomentumPostgres
import MomentumStore

/// The team's PostgreSQL database, through PostgresNIO.
struct PostgresServerStores: ServerStores {
    func open(_ url: String, as person: String) throws -> any PlanStore {
        try PostgresStore.open(try PostgresLocation(url: url), as: person)
    }

    func examine(_ url: String, as person: String) throws -> [String] {
        let store = try PostgresStore.open(try PostgresLocation(url: url), as: person)
        return [
            "Store: \(store.location) (PostgreSQL \(try store.serverVersion()))",
            "Schema: version \(try store.schemaVersion()), as this Momentum expects.",
            "Plans: \(try store.planCount())",
            "All good.",
        ]
    }

    func displayName(of store: any PlanStore) -> String? {
        (store as? PostgresStore)?.location.description
    }
}

CommandLineTool.run(servers: PostgresServerStores())
