package org.medxai.ij1;

import java.awt.GraphicsEnvironment;

import ij.ImagePlus;
import ij.WindowManager;
import ij.macro.Interpreter;

/** Shows a new image: in a window when there is a display, else as the running macro's current image. */
public final class ImageDisplay {

	private ImageDisplay() {}

	public static void show(final ImagePlus image) {
		if (GraphicsEnvironment.isHeadless() || Interpreter.isBatchMode()) {
			Interpreter.addBatchModeImage(image); // no window: keep it as the macro's image
			WindowManager.setTempCurrentImage(image);
		}
		else image.show();
	}
}
