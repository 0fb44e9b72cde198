package org.medxai.training;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.util.Pair;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;

import org.medxai.MedXaiException;

/**
 * What an interrupted run continues from, kept in {@code OUTPUT/}{@value #FOLDER} after every epoch: the last epoch's
 * weights (not only the best), the optimiser's moments by parameter name, the epoch and update counts, the seeded
 * generator that orders batches and draws augmentations with the order it last shuffled, the history and which epoch is
 * best. A run that ends by itself deletes it; a cancelled, killed or crashed run leaves it, and a run started with
 * resume continues from it: same schedule, same batch order and augmentations as if never stopped; only the engine's
 * own random draws (e.g. dropout) are seeded afresh. A state made by different settings or data is refused, naming the
 * difference.
 */
final class TrainingResume {

	static final String FOLDER = "resume-state";
	private static final String STATE = "state.json";
	private static final String MOMENTS = "optimizer-moments.ndlist";
	private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();

	/** A saved state, read back. */
	record State<V extends ValidationRecord>(int epoch, int updates, int skippedBatches, Random random,
		List<Integer> order, List<EpochResult<V>> history, int bestEpoch, Path folder, List<String> momentNames)
	{

		V best() {
			return bestEpoch == 0 ? null : history.get(bestEpoch - 1).validation();
		}
	}

	private TrainingResume() {}

	/**
	 * What must be equal for a run to continue another: the loop's settings, the input and the task's training facts.
	 */
	static JsonObject fingerprint(final TrainingTask<?> task, final TrainingLoop.Settings settings) {
		final JsonObject fingerprint = new JsonObject();
		final JsonObject loop = new JsonObject();
		loop.addProperty("name", settings.name());
		loop.addProperty("epochs", settings.epochs());
		loop.addProperty("batch_size", settings.batchSize());
		loop.addProperty("patience", settings.patience());
		loop.addProperty("seed", settings.seed());
		loop.add("schedule", GSON.toJsonTree(settings.schedule()));
		fingerprint.add("loop", loop);
		fingerprint.add("input", GSON.toJsonTree(task.input()));
		final JsonElement training = GSON.toJsonTree(task.cardTraining());
		withoutDevice(training);
		fingerprint.add("training", training);
		return fingerprint;
	}

	/** The device may change between the two parts of a run. */
	private static void withoutDevice(final JsonElement element) {
		if (element.isJsonObject()) {
			element.getAsJsonObject().remove("device");
			for (final Map.Entry<String, JsonElement> e : element.getAsJsonObject().entrySet())
				withoutDevice(e.getValue());
		}
		else if (element.isJsonArray()) for (final JsonElement e : element.getAsJsonArray()) withoutDevice(e);
	}

	/** Saves the state after {@code epoch}; written beside the old one and then swapped in, so one is always whole. */
	static <V extends ValidationRecord> void save(final Path output, final JsonObject fingerprint, final Model model,
		final String name, final ResumableAdam optimizer, final int epoch, final int updates, final int skippedBatches,
		final Random random, final List<Integer> order, final List<EpochResult<V>> history, final int bestEpoch)
		throws IOException
	{
		if (history.isEmpty()) return;
		final Path temporary = Files.createTempDirectory(output, ".resume-");
		try {
			Checkpoint.saveWeights(model, temporary, name);
			final List<Pair<String, NDList>> moments = optimizer.moments(model.getBlock().getParameters());
			final NDList arrays = new NDList();
			final JsonArray names = new JsonArray();
			for (final Pair<String, NDList> m : moments) {
				names.add(m.getKey());
				arrays.addAll(m.getValue());
			}
			Files.write(temporary.resolve(MOMENTS), arrays.encode());
			final JsonObject state = new JsonObject();
			state.add("fingerprint", fingerprint);
			state.addProperty("epoch", epoch);
			state.addProperty("updates", updates);
			state.addProperty("skipped_batches", skippedBatches);
			state.addProperty("random", serialise(random));
			state.add("order", GSON.toJsonTree(order));
			state.addProperty("validation_class", history.get(0).validation().getClass().getName());
			state.add("history", GSON.toJsonTree(history));
			state.addProperty("best_epoch", bestEpoch);
			state.add("moment_names", names);
			Files.writeString(temporary.resolve(STATE), GSON.toJson(state), StandardCharsets.UTF_8);
			final Path folder = output.resolve(FOLDER);
			final Path old = output.resolve(FOLDER + ".old");
			Checkpoint.deleteAll(old);
			if (Files.exists(folder)) Files.move(folder, old);
			Files.move(temporary, folder);
			Checkpoint.deleteAll(old);
		}
		finally {
			Checkpoint.deleteAll(temporary);
		}
	}

	/** Whether {@code output} holds a state to continue from. */
	static boolean exists(final Path output) {
		return Files.isRegularFile(output.resolve(FOLDER).resolve(STATE)) ||
			Files.isRegularFile(output.resolve(FOLDER + ".old").resolve(STATE));
	}

	/** Reads the state in {@code output}; one message when there is none or it belongs to another run. */
	@SuppressWarnings("unchecked")
	static <V extends ValidationRecord> State<V> read(final Path output, final JsonObject fingerprint) {
		Path folder = output.resolve(FOLDER);
		// a save interrupted between its two moves leaves the previous state under the old name
		if (!Files.isRegularFile(folder.resolve(STATE))) folder = output.resolve(FOLDER + ".old");
		if (!Files.isRegularFile(folder.resolve(STATE)))
			throw new MedXaiException("Nothing to continue in " + output + ": no interrupted run's state (" + FOLDER +
				") is there. Train without resume to start a new run.");
		try {
			final JsonObject state = GSON.fromJson(Files.readString(folder.resolve(STATE)), JsonObject.class);
			final String difference = difference("", state.get("fingerprint"), fingerprint);
			if (difference != null)
				throw new MedXaiException("The interrupted run in " + output + " was trained with other settings or " +
					"data (" + difference + "); continue it with the same ones, or train into another folder.");
			final Class<?> validation = Class.forName(state.get("validation_class").getAsString(), true,
				TrainingResume.class.getClassLoader());
			final Type type = TypeToken
				.getParameterized(List.class, TypeToken.getParameterized(EpochResult.class, validation).getType())
				.getType();
			final List<EpochResult<V>> history = GSON.fromJson(state.get("history"), type);
			final List<Integer> order = new ArrayList<>();
			for (final JsonElement i : state.getAsJsonArray("order")) order.add(i.getAsInt());
			final List<String> names = new ArrayList<>();
			for (final JsonElement n : state.getAsJsonArray("moment_names")) names.add(n.getAsString());
			return new State<>(state.get("epoch").getAsInt(), state.get("updates").getAsInt(),
				state.get("skipped_batches").getAsInt(), deserialise(state.get("random").getAsString()), order, history,
				state.get("best_epoch").getAsInt(), folder, names);
		}
		catch (final IOException | JsonParseException | ClassNotFoundException | IllegalStateException
			| NullPointerException e)
		{
			throw new MedXaiException("The interrupted run's state in " + folder + " cannot be read (" +
				e.getMessage() + "); train without resume to start a new run.", e);
		}
	}

	/** Loads the saved weights into {@code model} and the optimiser's moments into {@code optimizer}. */
	static void restore(final State<?> state, final Model model, final Shape[] batchShapes, final String name,
		final ResumableAdam optimizer)
	{
		try {
			model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, batchShapes);
			model.load(state.folder(), name, Map.of("epoch", "0"));
			final NDManager manager = model.getNDManager();
			final NDList arrays;
			try (NDManager reading = manager.newSubManager()) {
				arrays = NDList.decode(reading, Files.readAllBytes(state.folder().resolve(MOMENTS)));
				if (arrays.size() != 2 * state.momentNames().size())
					throw new MedXaiException("The interrupted run's optimiser state in " + state.folder() +
						" is incomplete; train without resume to start a new run.");
				final Map<String, NDList> moments = new LinkedHashMap<>();
				for (int i = 0; i < state.momentNames().size(); i++) {
					final NDArray mean = arrays.get(2 * i);
					final NDArray variance = arrays.get(2 * i + 1);
					moments.put(state.momentNames().get(i), new NDList(mean, variance));
				}
				optimizer.restore(model.getBlock().getParameters(), moments, manager);
			}
		}
		catch (final IOException | MalformedModelException e) {
			throw new MedXaiException("The interrupted run's weights in " + state.folder() + " cannot be read (" +
				e.getMessage() + "); train without resume to start a new run.", e);
		}
	}

	/** Deletes the state (a run that ended by itself has nothing left to continue). */
	static void delete(final Path output) throws IOException {
		Checkpoint.deleteAll(output.resolve(FOLDER));
		Checkpoint.deleteAll(output.resolve(FOLDER + ".old"));
	}

	/** The first place where two fingerprints differ, in words; null when equal. */
	private static String difference(final String path, final JsonElement saved, final JsonElement now) {
		if (saved == null || now == null) return saved == now ? null : path + " missing";
		if (saved.isJsonObject() && now.isJsonObject()) {
			for (final Map.Entry<String, JsonElement> e : now.getAsJsonObject().entrySet()) {
				final String d = difference(path.isEmpty() ? e.getKey() : path + "." + e.getKey(),
					saved.getAsJsonObject().get(e.getKey()), e.getValue());
				if (d != null) return d;
			}
			for (final String key : saved.getAsJsonObject().keySet())
				if (!now.getAsJsonObject().has(key)) return path + "." + key + " missing now";
			return null;
		}
		return saved.equals(now) ? null : path + " was " + saved + ", now " + now;
	}

	private static String serialise(final Random random) throws IOException {
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(random);
		}
		return Base64.getEncoder().encodeToString(bytes.toByteArray());
	}

	private static Random deserialise(final String text) throws IOException {
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(text)))) {
			in.setObjectInputFilter(ObjectInputFilter.Config.createFilter("java.util.Random;!*"));
			final Object read = in.readObject();
			if (!(read instanceof Random random)) throw new IOException("not a random generator");
			return random;
		}
		catch (final ClassNotFoundException e) {
			throw new IOException(e.getMessage(), e);
		}
	}

}
