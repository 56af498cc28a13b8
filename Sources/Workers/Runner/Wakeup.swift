/// Wakes an idle claim loop early: a notification arrived or a slot became free.
/// A signal with no waiter is remembered, so none is lost between a check and a wait.
actor Wakeup {
    private var pending = false
    private var waiter: CheckedContinuation<Void, Never>?
    private var generation = 0

    func signal() {
        if let waiter {
            self.waiter = nil
            waiter.resume()
        } else {
            self.pending = true
        }
    }

    /// Returns at the next signal, or after `timeout`.
    func wait(timeout: Duration) async {
        if self.pending {
            self.pending = false
            return
        }
        self.generation += 1
        let generation = self.generation
        let timer = Task { [weak self] in
            try? await Task.sleep(for: timeout)
            await self?.expire(generation)
        }
        await withCheckedContinuation { self.waiter = $0 }
        timer.cancel()
    }

    private func expire(_ generation: Int) {
        guard generation == self.generation, let waiter else { return }
        self.waiter = nil
        waiter.resume()
    }
}
