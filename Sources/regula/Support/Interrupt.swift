import Foundation
import Synchronization

/// Turns SIGINT into a flag that long-running commands poll, so they can stop between two
/// steps and leave their last complete checkpoint in place.
enum Interrupt {
  private static let flag = Atomic<Bool>(false)

  /// Whether SIGINT arrived since `install()`.
  static var requested: Bool { flag.load(ordering: .relaxed) }

  /// Installs the handler. A second SIGINT ends the process at once.
  ///
  /// SIGINT is also unblocked: a parent may start us with it blocked (test runners do),
  /// and a blocked signal would wait forever.
  static func install() {
    signal(SIGINT) { _ in
      if Interrupt.flag.exchange(true, ordering: .relaxed) { _exit(130) }
    }
    var set = sigset_t()
    sigemptyset(&set)
    sigaddset(&set, SIGINT)
    pthread_sigmask(SIG_UNBLOCK, &set, nil)
  }
}
