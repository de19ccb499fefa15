import Fascia
import XCTest

final class SmokeTests: XCTestCase {
    func testZones() throws {
        XCTAssertEqual(try zones().count, 11)
    }
}
