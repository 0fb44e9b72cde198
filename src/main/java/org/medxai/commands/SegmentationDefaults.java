package org.medxai.commands;

/**
 * Default CAM segmentation settings, chosen by the measurements in
 * docs/CAM.md (held-out Kvasir-SEG polyps, bundled model).
 */
final class SegmentationDefaults {

	static final String METHOD = "gradcam++";
	static final String RULE = "otsu";
	static final double MIN_AREA_PERCENT = 1;
	static final boolean FILL_HOLES = true;
	static final boolean LARGEST_ONLY = true;

	private SegmentationDefaults() {}
}
