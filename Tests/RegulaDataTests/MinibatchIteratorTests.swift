import Foundation
import RegulaData
import Testing

@Suite("Minibatch iterator")
struct MinibatchIteratorTests {
  @Test(arguments: [(10, 3, false), (10, 3, true), (12, 4, false), (7, 7, true), (5, 8, false)])
  func coversEveryIndexOncePerEpoch(_ count: Int, _ batchSize: Int, _ dropsLast: Bool) {
    var batches = MinibatchIterator(count: count, batchSize: batchSize, dropsLast: dropsLast, seed: 1)
    var previous: [Int]?
    for epoch in 0..<4 {
      #expect(batches.epoch == epoch && batches.position == 0)
      let epochBatches = batches.remainingBatchesInEpoch()
      #expect(batches.epoch == epoch + 1)
      #expect(epochBatches.count == batches.batchesPerEpoch)
      let seen = epochBatches.flatMap { $0 }
      if dropsLast {
        #expect(epochBatches.allSatisfy { $0.count == batchSize })
        #expect(Set(seen).count == seen.count && seen.count == count / batchSize * batchSize)
      } else {
        #expect(seen.sorted() == Array(0..<count))
        #expect(epochBatches.dropLast().allSatisfy { $0.count == batchSize })
      }
      if count > 3, let previous { #expect(seen != previous) }  // reshuffled every epoch
      previous = seen
    }
  }

  @Test func epochCountsDriveATrainingLoop() {
    var batches = MinibatchIterator(count: 10, batchSize: 4, seed: 3)
    var sizes = [Int]()
    while batches.epoch < 2 { sizes.append(batches.next().count) }
    #expect(sizes == [4, 4, 2, 4, 4, 2])
  }

  @Test func isDeterministicAndSeedDependent() {
    var a = MinibatchIterator(count: 100, batchSize: 10, seed: 7)
    var b = MinibatchIterator(count: 100, batchSize: 10, seed: 7)
    var c = MinibatchIterator(count: 100, batchSize: 10, seed: 8)
    let (x, y, z) = ((0..<25).map { _ in a.next() }, (0..<25).map { _ in b.next() }, (0..<25).map { _ in c.next() })
    #expect(x == y)
    #expect(x != z)
    var ordered = MinibatchIterator(count: 5, batchSize: 2, shuffles: false, seed: 0)
    #expect((0..<4).map { _ in ordered.next() } == [[0, 1], [2, 3], [4], [0, 1]])
  }

  @Test func resumesExactlyAfterEncodingAndDecoding() throws {
    for stop in [0, 1, 6, 7, 13] {
      var original = MinibatchIterator(count: 20, batchSize: 3, dropsLast: stop.isMultiple(of: 2), seed: 99)
      for _ in 0..<stop { _ = original.next() }
      let saved = try JSONEncoder().encode(original)
      var resumed = try JSONDecoder().decode(MinibatchIterator.self, from: saved)
      #expect(resumed == original)
      let expected = (0..<30).map { _ in original.next() }
      let actual = (0..<30).map { _ in resumed.next() }
      #expect(actual == expected)
      #expect(resumed.epoch == original.epoch && resumed.position == original.position)
    }
  }

  @Test func rejectsInconsistentSavedState() {
    let json = #"{"count":5,"batchSize":2,"dropsLast":false,"shuffles":true,"epoch":0,"position":9,"epochGenerator":{"state":[1,2,3,4]}}"#
    #expect(throws: DecodingError.self) { try JSONDecoder().decode(MinibatchIterator.self, from: Data(json.utf8)) }
  }
}
