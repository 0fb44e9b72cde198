package org.medxai.commands;

/**
 * Default CAM segmentation settings, chosen by the measurements in
 * docs/CAM.md (held-out Kvasir-SEG polyps, bundled model).
 */
final class SegmentationDefaults {

	static final String METHOD = "gradcam++";
	static final String RULE = "threshold:0.3";
	static final double MIN_AREA_PERCENT = 0;
	static final boolean FILL_HOLES = false;
	static final boolean LARGEST_ONLY = false;

	private SegmentationDefaults() {}
}
