package org.medxai.training;

/** Told after every epoch of a {@link TrainingLoop}, once its checkpoint is saved (live curves, logs). */
@FunctionalInterface
public interface EpochListener<V extends ValidationRecord> {

	void epochDone(EpochResult<? extends V> epoch);
}
