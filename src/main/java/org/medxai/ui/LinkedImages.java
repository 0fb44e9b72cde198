package org.medxai.ui;

import org.medxai.tabular.ImageLinkPattern;

/** Shows the images that belong to a table row (implemented by the host, e.g. Fiji). */
public interface LinkedImages {

	/** Opens or brings forward the images whose names match {@code pattern} for {@code id}; returns a status line. */
	String show(String id, ImageLinkPattern pattern);

	LinkedImages NONE = (id, pattern) -> "";
}
