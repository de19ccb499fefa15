// The body map as the check-in draws it and as VoiceOver reads it: each of the core's regions
// (a zone and a side) an element with its words, its outline and a touch target of at least
// 44 × 44 pt, in a view of any width; and the sizes the screens keep to for touch and Dynamic
// Type. The view draws what this says.
import Fascia
import Foundation

/// Sizes the screens keep to (points).
public enum Layout {
    /// The smallest touch target (Apple's Human Interface Guidelines: 44 × 44 pt).
    public static let minimumTarget: Double = 44
    /// The session countdown at the default text size, read at arm's length: it grows with
    /// Dynamic Type…
    public static let countdown: Double = 120
    /// …up to this, 1.5 times the default (the view also lets it shrink to fit the width).
    public static let countdownMaximum: Double = 180

    /// The countdown's size for a Dynamic Type `scaled` size (`@ScaledMetric` of `countdown`):
    /// as scaled, never past the maximum, never below the default.
    public static func countdownSize(scaled: Double) -> Double {
        min(max(scaled, countdown), countdownMaximum)
    }
}

/// A rectangle in points (CGRect on iOS), so the layout is testable without CoreGraphics.
public struct Frame: Equatable, Sendable {
    public var x, y, width, height: Double
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    public var midX: Double { x + width / 2 }
    public var midY: Double { y + height / 2 }
    public func contains(x px: Double, y py: Double) -> Bool { px >= x && px <= x + width && py >= y && py <= y + height }
}

public struct BodyMap: Sendable {
    /// The map's own size (the core's SVG `viewBox`): the regions' coordinates are in it.
    public let width: Double
    public let height: Double
    public let regions: [MapRegion]

    /// One region as the screen lays it out.
    public struct Element: Identifiable, Sendable {
        public var id: String { region.id }
        public let region: MapRegion
        /// VoiceOver's label: the zone and its side in the core's words ("Calves, left").
        public let label: String
        /// The region's outline, in the view's points.
        public let outline: [Point]
        /// The smallest rectangle around the outline.
        public let bounds: Frame
        /// Where a touch or VoiceOver focus lands: the bounds grown to at least 44 × 44 pt.
        public let target: Frame

        /// VoiceOver's value: the level rated, on the core's scale ("4/10"); none before.
        public func value(_ levels: [CheckInKey: UInt8]) -> String? {
            levels[CheckInKey(zone: region.zone, side: region.side)].map(levelWords)
        }
    }

    public init(width: Double, height: Double, regions: [MapRegion]) {
        self.width = width
        self.height = height
        self.regions = regions
    }

    /// The core's map: its regions and the size its SVG declares.
    public static func load() throws -> BodyMap {
        try Zones.load()
        return Zones.map
    }

    /// `viewBox="0 0 W H"` read from an SVG.
    static func viewBox(_ svg: String) -> (Double, Double)? {
        guard let start = svg.range(of: "viewBox=\"")?.upperBound,
              let end = svg[start...].firstIndex(of: "\"") else { return nil }
        let numbers = svg[start ..< end].split(whereSeparator: { $0 == " " || $0 == "," }).compactMap { Double($0) }
        return numbers.count == 4 ? (numbers[2], numbers[3]) : nil
    }

    /// The view's height for a width (the map keeps its proportions).
    public func height(forWidth w: Double) -> Double { width > 0 ? w * height / width : 0 }

    /// Every region laid out in a view `w` points wide.
    public func elements(width w: Double) -> [Element] {
        let scale = width > 0 ? w / width : 0
        return regions.map { r in
            let bounds = Frame(x: r.left * scale, y: r.top * scale, width: r.width * scale, height: r.height * scale)
            let outline = r.points.map { Point(x: $0.x * scale, y: $0.y * scale) }
            let tw = max(bounds.width, Layout.minimumTarget), th = max(bounds.height, Layout.minimumTarget)
            let target = Frame(x: bounds.midX - tw / 2, y: bounds.midY - th / 2, width: tw, height: th)
            return Element(region: r, label: place(r.zone, r.side), outline: outline, bounds: bounds, target: target)
        }
    }

    /// The region a tap at (`x`, `y`) in a view `w` points wide picks: the core's answer (the
    /// region it falls in, or one just beside it); else, for a small region's target grown to
    /// 44 pt, the one whose centre is nearest among those whose target holds the point; none away
    /// from every target.
    public func region(atX x: Double, y: Double, width w: Double) -> MapRegion? {
        let scale = width > 0 ? w / width : 0
        if scale > 0, let hit = try? bodyMapRegionAt(x: x / scale, y: y / scale) { return hit }
        return elements(width: w)
            .filter { $0.target.contains(x: x, y: y) }
            .min { hypot($0.bounds.midX - x, $0.bounds.midY - y) < hypot($1.bounds.midX - x, $1.bounds.midY - y) }?
            .region
    }
}
