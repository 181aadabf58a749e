import Foundation
import MomentumCore
import MomentumStore

/// An edit that met someone else's change to the same field: saving it would silently replace
/// theirs, so nothing is saved. A flow starts from a copy of the plan; when it is saved, each field
/// it changed is written only if nobody else changed that field since (or changed it the same way).
struct EditConflict: ChangeRefusal, Equatable {
    let planID: Int64
    let fields: [String]
    /// What this shell was doing, for the explanation: "you edited it", "you logged a win".
    var activity = "you edited it"

    /// A field an edit flow writes, by the name its question has.
    struct Field {
        let name: String
        let same: (Plan, Plan) -> Bool
        let copy: (Plan, inout Plan) -> Void

        init<Value: Equatable>(_ name: String, _ path: WritableKeyPath<Plan, Value>) {
            self.name = name
            same = { $0[keyPath: path] == $1[keyPath: path] }
            copy = { source, target in target[keyPath: path] = source[keyPath: path] }
        }
    }

    /// Copies into `current` each field `mine` changed from `base`; throws, copying nothing, when
    /// `current` changed any of those fields to something else meanwhile.
    static func merge(_ fields: [Field], from mine: Plan, base: Plan, into current: inout Plan, planID: Int64) throws {
        let changedHere = fields.filter { !$0.same(mine, base) }
        let clashing = changedHere.filter { !$0.same(current, base) && !$0.same(current, mine) }
        guard clashing.isEmpty else { throw EditConflict(planID: planID, fields: clashing.map(\.name)) }
        for field in changedHere { field.copy(mine, &current) }
    }
}

extension Shell {
    /// A win or a skip is about the step as the flow found it: two shells that both ran `done 3.2`
    /// logged two wins, and `done` beside `skip` left a step both done and skipped.
    func refuseIfClosedMeanwhile(_ milestone: Int, in current: Plan, base: Plan, planID: Int64, activity: String) throws {
        guard current.milestones.indices.contains(milestone), base.milestones.indices.contains(milestone) else {
            throw EditConflict(planID: planID, fields: ["milestone \(milestone + 1)"], activity: activity)
        }
        let status = current.milestones[milestone].status
        if status != base.milestones[milestone].status {
            throw EditConflict(planID: planID, fields: ["\(planID).\(milestone + 1) is \(status == .open ? "open" : status.rawValue) now"], activity: activity)
        }
    }

    /// Who changed the plan and when, that nothing of this edit was saved, and what to do.
    func explain(_ conflict: EditConflict, yours form: Form) -> [OutputLine] {
        let change = try? store.lastChange(of: conflict.planID)
        let who = change?.by.map { "by \($0)" } ?? "in another shell"
        let when = change?.at.map { " at " + Shell.clockTime($0, in: environment.timeZone) } ?? ""
        let typed = form.answers.compactMap { answer in answer.value.map { "\(answer.key.rawValue): \($0)" } }
        return [OutputLine("Plan \(conflict.planID) was changed \(who)\(when) while \(conflict.activity) (\(conflict.fields.joined(separator: ", "))). Your change was not saved; theirs is kept. Run show \(conflict.planID) and try again.", .error)]
            + (typed.isEmpty ? [] : [OutputLine("What you typed: " + typed.joined(separator: "; "), .muted)])
    }

    static func clockTime(_ date: Date, in timeZone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }
}
