import Foundation
import MomentumCore
import MomentumStore

/// `--format json` for the listings (plans, show, wins, reviews, sessions), for scripts. The keys
/// are documented in docs/listings.md and stay stable; null is written for a missing value.
extension Shell {
    /// Whether `--format json` was asked for; `--format text` is the default view.
    func wantsJSON(_ arguments: [String]) throws -> Bool {
        switch try option("--format", in: arguments) {
        case nil, "text": return false
        case "json": return true
        case let other?: throw UsageError(message: "Unknown format '\(other)'; use text or json.")
        }
    }

    func jsonReply(_ value: Any) -> Reply {
        let data = try! JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return Reply(String(decoding: data, as: UTF8.self).split(separator: "\n").map { OutputLine(String($0)) })
    }

    func plansJSON(_ summaries: [PlanSummary]) -> Reply {
        jsonReply(summaries.map { s -> [String: Any] in
            ["id": s.id, "goal": s.goal, "status": s.status.rawValue, "done": s.done, "total": s.total,
             "next": s.next ?? NSNull(), "lastWin": s.lastWin.map(ISODate.format) ?? NSNull()]
        })
    }

    func showJSON(_ plan: Plan, findings: [Finding]) -> Reply {
        jsonReply([
            "id": plan.id ?? 0, "plan": PlanJSON.object(plan),
            "findings": findings.map { ["path": $0.path, "rule": $0.ruleID, "level": $0.level.rawValue, "message": $0.message] },
        ] as [String: Any])
    }

    func winsJSON(_ rows: [Store.LoggedWin]) -> Reply {
        jsonReply(rows.map { row -> [String: Any] in
            ["plan": row.planID, "milestone": row.win.milestone, "date": ISODate.format(row.win.date), "note": row.win.note,
             "evidence": row.win.evidence ?? NSNull(), "metric": row.metricName, "metricReading": row.win.metricReading ?? NSNull(), "by": row.win.by ?? NSNull()]
        })
    }

    func reviewsJSON(_ reviews: [(date: Date, body: String)]) -> Reply {
        jsonReply(reviews.map { ["date": ISODate.format($0.date), "body": $0.body] })
    }

    func sessionsJSON(_ sessions: [Store.SessionInfo]) -> Reply {
        jsonReply(sessions.map { s -> [String: Any] in
            ["id": s.id, "startedAt": ISODate.format(s.startedAt), "timeZone": s.timeZone, "lines": s.lineCount,
             "firstInput": s.firstInput ?? NSNull(), "rules": s.rules]
        })
    }
}
