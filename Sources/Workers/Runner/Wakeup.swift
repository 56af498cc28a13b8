/// Wakes idle claim loops early: a notification arrived, a slot became free, or outcomes
/// were written. A signal wakes every waiter; a signal with no waiter is remembered, so
/// none is lost between a check and a wait.
actor Wakeup {
    private var pending = false
    private var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
    private var nextID = 0

    func signal() {
        guard !self.waiters.isEmpty else {
            self.pending = true
            return
        }
        let waiters = self.waiters.values
        self.waiters.removeAll()
        for waiter in waiters { waiter.resume() }
    }

    /// Returns at the next signal, or after `timeout`.
    func wait(timeout: Duration) async {
        if self.pending {
            self.pending = false
            return
        }
        self.nextID += 1
        let id = self.nextID
        let timer = Task { [weak self] in
            try? await Task.sleep(for: timeout)
            await self?.expire(id)
        }
        await withCheckedContinuation { self.waiters[id] = $0 }
        timer.cancel()
    }

    private func expire(_ id: Int) {
        self.waiters.removeValue(forKey: id)?.resume()
    }
}
