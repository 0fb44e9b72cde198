package org.medxai.training;

import java.nio.file.Path;

/** An image file with its class index. */
public record LabelledImage(Path file, int label) {}
