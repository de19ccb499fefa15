// The body map as the check-in draws it and as VoiceOver reads it: each of the core's regions
// (a zone and a side) an element with its words, its ellipse and a touch target of at least
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
        /// The drawn ellipse's bounds.
        public let ellipse: Frame
        /// Where a touch or VoiceOver focus lands: the ellipse grown to at least 44 × 44 pt.
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
            let ellipse = Frame(x: (r.cx - r.rx) * scale, y: (r.cy - r.ry) * scale, width: 2 * r.rx * scale, height: 2 * r.ry * scale)
            let tw = max(ellipse.width, Layout.minimumTarget), th = max(ellipse.height, Layout.minimumTarget)
            let target = Frame(x: ellipse.midX - tw / 2, y: ellipse.midY - th / 2, width: tw, height: th)
            return Element(region: r, label: place(r.zone, r.side), ellipse: ellipse, target: target)
        }
    }

    /// The region a tap at (`x`, `y`) in a view `w` points wide picks: the one whose centre is
    /// nearest, among those whose target holds the point; none away from every target.
    public func region(atX x: Double, y: Double, width w: Double) -> MapRegion? {
        elements(width: w)
            .filter { $0.target.contains(x: x, y: y) }
            .min { hypot($0.ellipse.midX - x, $0.ellipse.midY - y) < hypot($1.ellipse.midX - x, $1.ellipse.midY - y) }?
            .region
    }
}
