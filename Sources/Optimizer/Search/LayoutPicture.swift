import Foundation
import Gadgets
import Plonkish

/// Plain SVG pictures of plans: the chosen plan's grid, and estimated against measured proving times.
public enum LayoutPicture {
    /// Colors for gadgets, in the order of their names; reused when there are more gadgets.
    static let palette = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
                          "#9c755f", "#86bcb6", "#d37295", "#8cd17d", "#499894", "#f1ce63"]
    static let unusedColor = "#eeeeee", blindingColor = "#555555"
    public static let unusedName = "unused", blindingName = "blinding"

    /// The grid of `candidate` (columns across, the 2^k rows down, to scale): each operation's rows in graph order,
    /// colored by gadget, with a strip beside it marking the operations (the largest named), then the unused
    /// usable rows and the blinding rows. The legend gives every gadget's rows.
    public static func grid(candidate: PlanCandidate, layout: LayoutCount, graph: Graph, usableRows: Int,
                            title: String) -> String {
        let gridWidth = 360.0, gridHeight = 640.0, top = 60.0, left = 20.0
        let totalRows = Double(1 << candidate.k)
        let scale = gridHeight / totalRows
        let gadgets = layout.rowsByGadget.keys.sorted()
        let color = Dictionary(uniqueKeysWithValues: gadgets.enumerated().map { ($1, palette[$0 % palette.count]) })
        var svg = header(width: 900, height: top + gridHeight + 40)
        svg += text(left, 24, title, size: 14, bold: true)
        svg += text(left, 44, "\(candidate.columns) advice columns × 2^\(candidate.k) rows; "
                    + "\(candidate.rows) rows used of \(usableRows) usable", size: 11)

        // Gadget bands: each operation's rows by gadget, merged while the gadget stays the same.
        var bands: [(gadget: String, start: Double, rows: Double)] = []
        var layers: [(index: Int, start: Double, rows: Double)] = []
        var row = layout.inputRows
        if row > 0 { bands.append((Layouter<BN254Fr>.witnessRowName, 0, row)) }
        for (index, count) in layout.rowsByOperation.enumerated() where count > 0 {
            layers.append((index, row, count))
            let perGadget = layout.operationRows[index].sorted { $0.key < $1.key }
            for (gadget, rows) in perGadget where rows > 0 {
                if let last = bands.last, last.gadget == gadget {
                    bands[bands.count - 1].rows += rows
                } else {
                    bands.append((gadget, row, rows))
                }
                row += rows
            }
        }
        for band in bands where band.rows * scale >= 0.05 {
            svg += rect(left, top + band.start * scale, gridWidth, max(0.3, band.rows * scale),
                        fill: color[band.gadget] ?? palette[0])
        }
        let usedRows = Double(layout.rows)
        svg += rect(left, top + usedRows * scale, gridWidth, max(0, Double(usableRows) - usedRows) * scale,
                    fill: unusedColor)
        svg += rect(left, top + Double(usableRows) * scale, gridWidth, (totalRows - Double(usableRows)) * scale,
                    fill: blindingColor)
        // Column boundaries, when they are far enough apart to see.
        let columnWidth = gridWidth / Double(candidate.columns)
        if columnWidth >= 3 {
            for column in 1..<candidate.columns {
                let x = left + Double(column) * columnWidth
                svg += "<line x1=\"\(f(x))\" y1=\"\(f(top))\" x2=\"\(f(x))\" y2=\"\(f(top + gridHeight))\" "
                    + "stroke=\"#ffffff\" stroke-opacity=\"0.5\" stroke-width=\"0.5\"/>\n"
            }
        }
        svg += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(gridWidth))\" height=\"\(f(gridHeight))\" "
            + "fill=\"none\" stroke=\"#000000\" stroke-width=\"1\"/>\n"

        // The layer strip: alternating shades per operation; the largest operations named.
        let stripLeft = left + gridWidth + 6
        for (position, layer) in layers.enumerated() where layer.rows * scale >= 0.05 {
            svg += rect(stripLeft, top + layer.start * scale, 14, max(0.3, layer.rows * scale),
                        fill: position % 2 == 0 ? "#bbbbbb" : "#888888")
        }
        let named = layers.sorted { $0.rows > $1.rows }.prefix(12).filter { $0.rows * scale >= 9 }
        for layer in named {
            let operation = graph.operations[layer.index]
            svg += text(stripLeft + 18, top + (layer.start + layer.rows / 2) * scale + 4,
                        "op \(layer.index) \(operation.op.name) (\(Int(layer.rows.rounded())) rows)", size: 9)
        }

        // The legend.
        let legendLeft = 640.0
        var y = top
        svg += text(legendLeft, y, "gadget (rows)", size: 11, bold: true)
        y += 8
        let entries = gadgets.map { ($0, color[$0] ?? palette[0], layout.rowsByGadget[$0] ?? 0) }
            + [(unusedName, unusedColor, max(0, usableRows - layout.rows)),
               (blindingName, blindingColor, (1 << candidate.k) - usableRows)]
        for (name, fill, rows) in entries {
            svg += rect(legendLeft, y, 12, 12, fill: fill)
            svg += text(legendLeft + 18, y + 10, "\(name) (\(rows))", size: 10)
            y += 18
        }
        return svg + "</svg>\n"
    }

    /// One validated candidate: its rank in the search and its estimated and measured seconds.
    public struct TimedCandidate: Sendable {
        public var rank: Int
        public var estimatedSeconds: Double
        public var wallSeconds: Double
        public var cpuSeconds: Double

        public init(rank: Int, estimatedSeconds: Double, wallSeconds: Double, cpuSeconds: Double) {
            self.rank = rank
            self.estimatedSeconds = estimatedSeconds
            self.wallSeconds = wallSeconds
            self.cpuSeconds = cpuSeconds
        }
    }

    /// Estimated (across) against measured (up) proving seconds, wall time and CPU time per candidate, each point
    /// labeled with the candidate's rank, and the line where they are equal.
    public static func estimatedVersusMeasured(_ candidates: [TimedCandidate], title: String) -> String {
        let left = 70.0, top = 50.0, width = 460.0, height = 360.0
        let largest = max(1e-3, candidates.map { max($0.estimatedSeconds, $0.wallSeconds, $0.cpuSeconds) }.max() ?? 1)
        let limit = niceCeiling(largest)
        func x(_ seconds: Double) -> Double { left + seconds / limit * width }
        func y(_ seconds: Double) -> Double { top + height - seconds / limit * height }
        var svg = header(width: 700, height: top + height + 60)
        svg += text(left, 24, title, size: 14, bold: true)
        svg += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(width))\" height=\"\(f(height))\" fill=\"none\" "
            + "stroke=\"#000000\"/>\n"
        svg += "<line x1=\"\(f(x(0)))\" y1=\"\(f(y(0)))\" x2=\"\(f(x(limit)))\" y2=\"\(f(y(limit)))\" "
            + "stroke=\"#999999\" stroke-dasharray=\"4 3\"/>\n"
        for tick in 0...4 {
            let seconds = limit * Double(tick) / 4
            svg += text(x(seconds) - 10, top + height + 16, String(format: "%.3g", seconds), size: 10)
            svg += text(left - 40, y(seconds) + 4, String(format: "%.3g", seconds), size: 10)
        }
        svg += text(left + width / 2 - 70, top + height + 36, "estimated proving time (s)", size: 11)
        svg += text(8, top - 10, "measured (s)", size: 11)
        for candidate in candidates {
            let px = x(candidate.estimatedSeconds)
            svg += "<circle cx=\"\(f(px))\" cy=\"\(f(y(candidate.wallSeconds)))\" r=\"4\" fill=\"#4e79a7\"/>\n"
            svg += rect(px - 3.5, y(candidate.cpuSeconds) - 3.5, 7, 7, fill: "#f28e2b")
            svg += text(px + 6, y(candidate.wallSeconds) - 4, "#\(candidate.rank)", size: 9)
        }
        let legendLeft = left + width + 20
        svg += "<circle cx=\"\(f(legendLeft + 6))\" cy=\"\(f(top + 6))\" r=\"4\" fill=\"#4e79a7\"/>\n"
        svg += text(legendLeft + 16, top + 10, "wall time", size: 10)
        svg += rect(legendLeft + 2.5, top + 20.5, 7, 7, fill: "#f28e2b")
        svg += text(legendLeft + 16, top + 28, "CPU time", size: 10)
        return svg + "</svg>\n"
    }

    /// 1, 2 or 5 times a power of ten, at least `value`.
    static func niceCeiling(_ value: Double) -> Double {
        let power = pow(10, floor(log10(value)))
        for step in [1.0, 2, 5, 10] where step * power >= value { return step * power }
        return 10 * power
    }

    static func header(width: Double, height: Double) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\" "
            + "viewBox=\"0 0 \(f(width)) \(f(height))\" font-family=\"sans-serif\">\n"
            + "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
    }

    static func rect(_ x: Double, _ y: Double, _ width: Double, _ height: Double, fill: String) -> String {
        "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(width))\" height=\"\(f(height))\" fill=\"\(fill)\"/>\n"
    }

    static func text(_ x: Double, _ y: Double, _ content: String, size: Int, bold: Bool = false) -> String {
        "<text x=\"\(f(x))\" y=\"\(f(y))\" font-size=\"\(size)\"\(bold ? " font-weight=\"bold\"" : "")>"
            + escaped(content) + "</text>\n"
    }

    static func escaped(_ content: String) -> String {
        content.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func f(_ value: Double) -> String { String(format: "%.2f", value) }
}
