import MomentumCommandLine

// SQLite only; a PostgreSQL URL hands the run to momentum-postgres (ServerStores.swift says why).
CommandLineTool.run(servers: HandOffToPostgresBinary())
