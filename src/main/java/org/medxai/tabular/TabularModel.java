package org.medxai.tabular;

import java.util.List;

/** A fitted model on a table's features. */
public interface TabularModel {

	Task task();

	/** Class names (classification) or an empty list (regression). */
	List<String> classes();

	/** Regression: {value}. Classification: one probability per class. */
	double[] predict(double[] x);

	/** A short name for tables and plots, e.g. "random forest (500 trees)". */
	String description();

	/** The kind the user picked. */
	ModelKind kind();
}
