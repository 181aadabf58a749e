import Foundation

/// The story as one self-contained HTML page for stakeholders: no scripts, no external assets,
/// readable on a phone. The metric's path is an inline SVG chart from the baseline to the latest
/// reading. Deterministic for the same data.
public enum StoryHTML {
    /// The chart's line colour; the browser test looks for it in a screenshot.
    public static let chartColour = (red: 26, green: 127, blue: 55)

    /// `candid`: also what the person told the coach, as `Story.markdown` says.
    public static func render(_ plan: Plan, calendar: Calendar, candid: Bool = false) -> String {
        let day = { (date: Date) in Story.day(date, calendar) }
        var body: [String] = ["<h1>\(escape(plan.goal))</h1>"]
        if !plan.outcome.isEmpty { body.append("<p class=\"why\"><strong>Why it matters:</strong> \(escape(plan.outcome))</p>") }

        body.append("<section><h2>The metric</h2>")
        var metricLine = "<strong>\(escape(plan.metric.name.isEmpty ? "No leading metric yet" : plan.metric.name))</strong>"
        if let baseline = plan.metric.baseline { metricLine += " started at \(escape(baseline))" }
        if let target = plan.metric.target { metricLine += "; the target is \(escape(target))" }
        body.append("<p>\(metricLine).</p>")
        let readings = plan.readingsOfTheMetric.compactMap { win in win.metricReading.map { (day(win.date), $0) } }
        var points: [(label: String, value: Double)] = []
        if let baseline = plan.metric.baseline, let value = Sparkline.number(in: baseline) { points.append(("baseline", value)) }
        points += readings.compactMap { label, text in Sparkline.number(in: text).map { (label, $0) } }
        if let last = readings.last {
            var line = "Latest reading: \(escape(last.1)) (\(last.0))"
            if plan.metric.baseline.flatMap(Sparkline.number) != nil, let change = Sparkline.change(baseline: plan.metric.baseline, latest: last.1) { line += " — \(escape(change))" }
            body.append("<p>\(line).</p>")
        } else {
            body.append("<p>No readings logged yet.</p>")
        }
        if points.count >= 2 { body.append(chart(points, metric: plan.metric.name)) }
        body.append("</section>")

        if let stalled = plan.stalled {
            body.append("<section><h2>Where it started</h2><p>The project had stalled: the last visible progress was \(escape(stalled.lastProgress))"
                        + (stalled.blocker.isEmpty || !candid ? "." : ". What blocked it: \(escape(stalled.blocker)).") + "</p></section>")
        }

        body.append("<section><h2>Wins</h2>")
        if plan.wins.isEmpty { body.append("<p>No wins logged yet.</p>") } else {
            body.append("<ol class=\"timeline\">")
            for win in plan.winsByDate {
                var item = "<li><time>\(day(win.date))</time> \(escape(win.note)) <em>(\(escape(plan.title(ofMilestone: win.milestone))))</em>"
                if let evidence = win.evidence { item += "<br>Evidence: \(link(Story.shownEvidence(evidence, candid: candid)))" }
                if let reading = win.metricReading { item += "<br>\(escape(plan.metricName(of: win))): \(escape(reading))" }
                body.append(item + "</li>")
            }
            body.append("</ol>")
        }
        body.append("</section>")

        let decisions = Story.decisions(plan, candid: candid).map { decision in
            "<li>\(day(decision.day)): <em>\(escape(decision.step))</em> was \(decision.kind)" + (decision.reason.map { " — \(escape($0))" } ?? "") + "</li>"
        } + (candid ? Story.keptAnswers(plan).map { "<li>We kept “\(escape(Story.shownText(of: $0)))” on purpose: \(escape($0.reason))</li>" } : [])
        if !decisions.isEmpty { body.append("<section><h2>Decisions along the way</h2><ul>" + decisions.joined() + "</ul></section>") }

        body.append("<section><h2>What comes next</h2>")
        let open = plan.openMilestones, blocked = plan.blockedMilestones
        if open.isEmpty, blocked.isEmpty { body.append("<p>Every milestone is closed; the next step is to decide the next one.</p>") } else {
            body.append("<ul class=\"next\">")
            for (number, milestone) in open {
                var item = "<li>\(number). \(escape(milestone.title)) (\(milestone.timeboxLabel)\(escape(Story.shownOwner(milestone))))"
                if !milestone.criterion.isEmpty { item += " — done when \(escape(milestone.criterion))" }
                body.append(item + "</li>")
            }
            body += blocked.map { "<li>Waiting: \($0.number). \(escape($0.milestone.title)) — blocked since \(day($0.skip.date))" + (candid ? ": \(escape($0.skip.reason))" : "") + "</li>" }
            body.append("</ul>")
        }
        body.append("</section>")

        return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(plan.goal))</title>
        <style>
        body { font: 16px/1.5 system-ui, sans-serif; max-width: 42rem; margin: 0 auto; padding: 1rem; color: #1f2328; }
        h1 { font-size: 1.6rem; margin-bottom: .25rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
        .timeline { list-style: none; padding-left: 0; border-left: 3px solid #d0d7de; }
        .timeline li { margin: 0 0 1rem 0; padding-left: 1rem; }
        time { font-weight: 600; display: block; color: #57606a; }
        svg { width: 100%; height: auto; } a { color: #0969da; overflow-wrap: anywhere; }
        </style>
        </head>
        <body>
        \(body.joined(separator: "\n"))
        </body>
        </html>

        """
    }

    /// The readings as a line from the baseline to the latest, evenly spaced, with labels.
    static func chart(_ points: [(label: String, value: Double)], metric: String) -> String {
        let width = 600.0, height = 240.0, left = 48.0, right = 48.0, top = 16.0, bottom = 40.0
        let low = min(points.map(\.value).min()!, 0), high = points.map(\.value).max()!
        let span = high - low == 0 ? 1 : high - low
        let step = (width - left - right) / Double(points.count - 1)
        let xy = points.enumerated().map { index, point in
            (x: left + Double(index) * step, y: top + (height - top - bottom) * (1 - (point.value - low) / span))
        }
        let colour = "rgb(\(chartColour.red),\(chartColour.green),\(chartColour.blue))"
        var svg = ["<svg viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(escape(metric)) from the baseline to the latest reading\">"]
        svg.append("<line x1=\"\(f(left))\" y1=\"\(f(height - bottom))\" x2=\"\(f(width - right))\" y2=\"\(f(height - bottom))\" stroke=\"#8c959f\"/>")
        svg.append("<text x=\"4\" y=\"\(f(top + 4))\" font-size=\"12\" fill=\"#57606a\">\(Timebox.formatNumber(high))</text>")
        svg.append("<text x=\"4\" y=\"\(f(height - bottom))\" font-size=\"12\" fill=\"#57606a\">\(Timebox.formatNumber(low))</text>")
        svg.append("<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"4\" points=\"" + xy.map { "\(f($0.x)),\(f($0.y))" }.joined(separator: " ") + "\"/>")
        for (index, point) in xy.enumerated() {
            svg.append("<circle cx=\"\(f(point.x))\" cy=\"\(f(point.y))\" r=\"5\" fill=\"\(colour)\"><title>\(escape(points[index].label)): \(Timebox.formatNumber(points[index].value))</title></circle>")
            svg.append("<text x=\"\(f(point.x))\" y=\"\(f(height - bottom + 18))\" font-size=\"11\" text-anchor=\"middle\" fill=\"#57606a\">\(escape(points[index].label))</text>")
        }
        svg.append("</svg>")
        return svg.joined(separator: "\n")
    }

    private static func f(_ value: Double) -> String { Timebox.formatNumber(value) }

    /// Evidence that is a web address becomes a link; anything else stays text.
    private static func link(_ evidence: String) -> String {
        guard evidence.hasPrefix("https://") || evidence.hasPrefix("http://") else { return escape(evidence) }
        return "<a href=\"\(escape(evidence))\">\(escape(evidence))</a>"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
