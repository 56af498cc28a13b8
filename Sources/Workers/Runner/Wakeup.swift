/// Wakes idle claim loops early: a notification arrived, a slot became free, or outcomes
/// were written. Signals are counted, and each loop waits for a signal newer than the
/// last it saw, so that a loop busy with a claim when a signal came does not miss it
/// (one shared "pending" flag would let the first loop take it from the others). Once
/// closed (shutdown), every wait returns at once.
actor Wakeup {
    private var generation = 0
    private var closed = false
    private var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
    private var nextID = 0

    func signal() {
        self.generation += 1
        self.resumeAll()
    }

    /// Shutdown: wakes every waiter now and makes later waits return at once.
    func close() {
        self.closed = true
        self.signal()
    }

    /// Returns at once if a signal came after `seen` (or the wakeup is closed), else at
    /// the next signal or after `timeout`. Returns the generation to pass next time.
    func wait(after seen: Int, timeout: Duration) async -> Int {
        if self.closed || self.generation > seen { return self.generation }
        self.nextID += 1
        let id = self.nextID
        let timer = Task { [weak self] in
            try? await Task.sleep(for: timeout)
            await self?.expire(id)
        }
        await withCheckedContinuation { self.waiters[id] = $0 }
        timer.cancel()
        return self.generation
    }

    private func resumeAll() {
        let waiters = self.waiters.values
        self.waiters.removeAll()
        for waiter in waiters { waiter.resume() }
    }

    private func expire(_ id: Int) {
        self.waiters.removeValue(forKey: id)?.resume()
    }
}
