import Foundation
import MomentumCore
import MomentumStore

/// An edit that met someone else's change to the same field: saving it would silently replace
/// theirs, so nothing is saved. A flow starts from a copy of the plan; when it is saved, each field
/// it changed is written only if nobody else changed that field since (or changed it the same way).
struct EditConflict: ChangeRefusal, Equatable {
    let planID: Int64
    let fields: [String]

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
    /// Who changed the plan and when, that nothing of this edit was saved, and what to do.
    func explain(_ conflict: EditConflict, yours form: Form) -> [OutputLine] {
        let change = try? store.lastChange(of: conflict.planID)
        let who = change?.by.map { "by \($0)" } ?? "in another shell"
        let when = change?.at.map { " at " + Shell.clockTime($0, in: environment.timeZone) } ?? ""
        let typed = form.answers.compactMap { answer in answer.value.map { "\(answer.key.rawValue): \($0)" } }
        return [OutputLine("Plan \(conflict.planID) was changed \(who)\(when) while you edited it (\(conflict.fields.joined(separator: ", "))). Your change was not saved; theirs is kept. Run show \(conflict.planID) and try again.", .error)]
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
