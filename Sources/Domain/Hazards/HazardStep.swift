/// One step of a hazard's rectification as the history shows it.
public typealias HazardStep = RecordStep<Hazard.State>
