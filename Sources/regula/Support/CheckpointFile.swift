import Foundation
import Regula

/// Reads the checkpoint a `--resume` run continues from. A missing file, a file that is not
/// such a checkpoint, or one written by another configuration is an error naming the file.
func loadCheckpoint<Checkpoint: Decodable>(
  _: Checkpoint.Type, at url: URL, for configuration: String, configurationOf: (Checkpoint) -> String
) throws -> Checkpoint {
  let path = url.path
  guard FileManager.default.fileExists(atPath: path) else { throw DataError.fileNotFound(path: path) }
  let checkpoint: Checkpoint
  do {
    checkpoint = try JSONDecoder().decode(Checkpoint.self, from: Data(contentsOf: url))
  } catch {
    throw InputError("\(path): not a checkpoint of this run (\(error.localizedDescription))")
  }
  let found = configurationOf(checkpoint)
  guard found == configuration else {
    throw InputError("\(path): the checkpoint was written by another configuration (\(found)); this run is \(configuration)")
  }
  return checkpoint
}
