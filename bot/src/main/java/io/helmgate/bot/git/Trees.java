package io.helmgate.bot.git;

import io.helmgate.domain.Names;
import io.helmgate.domain.Target;
import io.helmgate.domain.port.UnknownTargetException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;

/**
 * Tree operations on the object database alone, without index or working tree: find an entry on a
 * path, replace the blob at a path by rebuilding only the trees above it, and tell whether two
 * trees differ at a path.
 */
final class Trees {

  static final String VALUES_FILE = "values.yaml";

  private Trees() {}

  /** One tree entry: its object and raw mode bits. */
  record Entry(ObjectId id, int rawMode) {

    boolean isTree() {
      return FileMode.TREE.equals(rawMode);
    }

    boolean isRegularFile() {
      return FileMode.REGULAR_FILE.equals(rawMode) || FileMode.EXECUTABLE_FILE.equals(rawMode);
    }

    boolean isSymlink() {
      return FileMode.SYMLINK.equals(rawMode);
    }
  }

  /** Where a path leads. */
  sealed interface Lookup {

    /** A regular file. */
    record Found(Entry entry) implements Lookup {}

    /** Nothing there; {@code depth} is the index of the first segment that is missing. */
    record Missing(int depth) implements Lookup {}

    /** Something Helmgate will not touch (a link, a directory where a file belongs, …). */
    record Refused(String reason) implements Lookup {}
  }

  static String[] segments(Target target) {
    return target.valuesPath().split("/");
  }

  /** The entry named {@code name} in a tree, or null. */
  static Entry find(ObjectReader reader, AnyObjectId tree, String name) throws IOException {
    CanonicalTreeParser parser = new CanonicalTreeParser(null, reader, tree);
    byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
    for (; !parser.eof(); parser.next()) {
      if (nameEquals(parser, wanted)) {
        return new Entry(parser.getEntryObjectId(), parser.getEntryRawMode());
      }
    }
    return null;
  }

  /**
   * Follows a path from a root tree. Symbolic links anywhere on the path are refused rather than
   * followed: a link could point outside the environment (or the repository) and a promotion must
   * change exactly the file it names.
   */
  static Lookup lookup(ObjectReader reader, AnyObjectId root, String[] segments)
      throws IOException {
    AnyObjectId tree = root;
    for (int depth = 0; depth < segments.length; depth++) {
      Entry entry = find(reader, tree, segments[depth]);
      String path = String.join("/", java.util.Arrays.copyOf(segments, depth + 1));
      if (entry == null) {
        return new Lookup.Missing(depth);
      }
      if (entry.isSymlink()) {
        return new Lookup.Refused(
            path + " is a symbolic link in the values repository; Helmgate does not follow links");
      }
      boolean last = depth == segments.length - 1;
      if (last) {
        if (entry.isRegularFile()) {
          return new Lookup.Found(entry);
        }
        if (entry.isTree()) {
          return new Lookup.Refused(path + " is a directory in the values repository, not a file");
        }
        return new Lookup.Refused(path + " is not a regular file in the values repository");
      }
      if (!entry.isTree()) {
        return new Lookup.Missing(depth);
      }
      tree = entry.id();
    }
    throw new IllegalArgumentException("empty path");
  }

  /**
   * A new root tree in which the file at {@code segments} (which must exist) holds {@code blob}.
   * Only the trees on that path are written; every other entry is copied by id with its exact mode.
   */
  static ObjectId replaceBlob(
      ObjectReader reader,
      ObjectInserter inserter,
      AnyObjectId root,
      String[] segments,
      ObjectId blob)
      throws IOException {
    return replace(reader, inserter, root, segments, 0, blob);
  }

  private static ObjectId replace(
      ObjectReader reader,
      ObjectInserter inserter,
      AnyObjectId tree,
      String[] segments,
      int depth,
      ObjectId blob)
      throws IOException {
    TreeFormatter formatter = new TreeFormatter();
    CanonicalTreeParser parser = new CanonicalTreeParser(null, reader, tree);
    byte[] wanted = segments[depth].getBytes(StandardCharsets.UTF_8);
    boolean replaced = false;
    for (; !parser.eof(); parser.next()) {
      byte[] name = new byte[parser.getNameLength()];
      parser.getName(name, 0);
      FileMode mode = FileMode.fromBits(parser.getEntryRawMode());
      ObjectId id = parser.getEntryObjectId();
      if (nameEquals(parser, wanted)) {
        replaced = true;
        if (depth == segments.length - 1) {
          id = blob;
        } else {
          id = replace(reader, inserter, id, segments, depth + 1, blob);
        }
      }
      formatter.append(name, 0, name.length, mode, id);
    }
    if (!replaced) {
      throw new IllegalStateException("no entry " + segments[depth] + " to replace");
    }
    return inserter.insert(formatter);
  }

  /** Every {@code customer/product/env/values.yaml} below a root tree, sorted by path. */
  static List<Target> environments(ObjectReader reader, AnyObjectId root) throws IOException {
    List<Target> found = new ArrayList<>();
    for (String customer : directories(reader, root)) {
      ObjectId customerTree = find(reader, root, customer).id();
      for (String product : directories(reader, customerTree)) {
        ObjectId productTree = find(reader, customerTree, product).id();
        for (String env : directories(reader, productTree)) {
          Entry envTree = find(reader, productTree, env);
          Entry file = find(reader, envTree.id(), VALUES_FILE);
          if (file != null && file.isRegularFile()) {
            found.add(new Target(customer, product, env));
          }
        }
      }
    }
    found.sort(
        java.util.Comparator.comparing(Target::customer)
            .thenComparing(Target::product)
            .thenComparing(Target::environment));
    return found;
  }

  /**
   * The exception for a target whose path ended at {@code depth}: lists what does exist at that
   * level, so the user can correct the name.
   */
  static UnknownTargetException unknown(
      ObjectReader reader, AnyObjectId root, Target target, int depth) throws IOException {
    if (depth == 0) {
      return new UnknownTargetException("customer", sorted(directories(reader, root)));
    }
    ObjectId customerTree = find(reader, root, target.customer()).id();
    if (depth == 1) {
      return new UnknownTargetException("product", sorted(directories(reader, customerTree)));
    }
    ObjectId productTree = find(reader, customerTree, target.product()).id();
    List<String> envs = new ArrayList<>();
    for (String env : directories(reader, productTree)) {
      Entry file = find(reader, find(reader, productTree, env).id(), VALUES_FILE);
      if (file != null && file.isRegularFile()) {
        envs.add(env);
      }
    }
    return new UnknownTargetException("environment", sorted(envs));
  }

  private static List<String> sorted(List<String> names) {
    List<String> copy = new ArrayList<>(names);
    copy.sort(null);
    return copy;
  }

  /** The sub-directories of a tree whose names are valid Helmgate names, in tree order. */
  static List<String> directories(ObjectReader reader, AnyObjectId tree) throws IOException {
    List<String> names = new ArrayList<>();
    CanonicalTreeParser parser = new CanonicalTreeParser(null, reader, tree);
    for (; !parser.eof(); parser.next()) {
      if (FileMode.TREE.equals(parser.getEntryRawMode())) {
        String name = parser.getEntryPathString();
        if (Names.isValid(name)) {
          names.add(name);
        }
      }
    }
    return names;
  }

  private static boolean nameEquals(CanonicalTreeParser parser, byte[] wanted) {
    if (parser.getNameLength() != wanted.length) {
      return false;
    }
    byte[] name = new byte[wanted.length];
    parser.getName(name, 0);
    return java.util.Arrays.equals(name, wanted);
  }
}
