// The dynamic warm-up in the app: offered on today in the core's words, started through the one
// way into a routine, each step named by its move with its cue, never counted toward the streak;
// first on race morning.
import Fascia
@testable import FasciaKit
import Foundation
import XCTest

@MainActor
final class WarmUpTests: XCTestCase {
    func model(_ clock: FakeClock, path: String = journalPath()) async -> AppModel {
        let model = AppModel(path: path, clock: clock, center: FakeCenter())
        await model.load().value
        await model.finishSetUp(reminderTime: "07:00:00", tools: [.foamRoller, .ball]).value
        XCTAssertNil(model.message)
        return model
    }

    func testTheWarmUpIsOfferedRunsInTheSessionAndNeverCounts() async throws {
        let clock = FakeClock(date("2026-11-23T06:00:00Z"), "Europe/Paris")
        let model = await model(clock)
        let offer = try XCTUnwrap(model.warmUpOffer)
        XCTAssertEqual(offer.text, "Before you run: a 4-minute dynamic warm-up")
        XCTAssertFalse(offer.raceMorning)
        await model.startRoutine(warmUp: true).value
        XCTAssertNil(model.message)
        XCTAssertEqual(model.screen, .session)
        let session = try XCTUnwrap(model.session)
        XCTAssertEqual(session.routine().kind, .warmUp)
        XCTAssertNil(model.warmUpOffer, "not offered while a session is in progress")
        // The move and how to do it, in the core's words.
        XCTAssertEqual(model.stepWhere, "Calf raises")
        XCTAssertEqual(model.stepWhat, "Get into position")
        XCTAssertEqual(model.moveCue, try warmUpMoves().first?.cue)
        await model.event(.skip).value
        XCTAssertEqual(model.stepWhat, "Go")
        // Run to the end: the core records the finish; the streak is the release routine's.
        clock.at += Double(session.routine().totalS) + 1
        await model.tick().value
        XCTAssertEqual(model.screen, .today)
        XCTAssertFalse(session.countsAsDone())
        XCTAssertEqual(model.today?.doneToday, false)
        XCTAssertEqual(model.today?.streak, 0)
    }

    func testOnRaceMorningTheWarmUpComesFirst() async throws {
        let clock = FakeClock(date("2026-11-23T06:00:00Z"), "Europe/Paris")
        let model = await model(clock)
        await model.addRace(NewRace(name: "Lyon 10K", date: "2026-11-23", distanceM: 10_000, priority: .a)).value
        await model.show(.today).value
        let offer = try XCTUnwrap(model.warmUpOffer)
        XCTAssertTrue(offer.raceMorning)
        XCTAssertTrue(offer.text.hasPrefix("Warm up first: "), offer.text)
        XCTAssertLessThan(offer.totalS, 240, "the light version")
    }
}
