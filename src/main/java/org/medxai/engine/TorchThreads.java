package org.medxai.engine;

import ai.djl.pytorch.jni.JniUtils;
import ai.djl.pytorch.jni.LibUtils;

/** Thin access to libtorch's own settings (kept apart so only this class names the JNI layer). */
final class TorchThreads {

	private TorchThreads() {}

	static int intraOp() {
		EngineEnvironment.engine();
		return JniUtils.getNumThreads();
	}

	static int interOp() {
		EngineEnvironment.engine();
		return JniUtils.getNumInteropThreads();
	}

	static String libraryPath() {
		try {
			return LibUtils.getLibtorchPath();
		}
		catch (final RuntimeException | LinkageError e) {
			return null;
		}
	}
}
