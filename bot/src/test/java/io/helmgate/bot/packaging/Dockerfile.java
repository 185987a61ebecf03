package io.helmgate.bot.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile read the way the Docker builder reads it: comments dropped, backslash continuations
 * joined, one instruction per logical line, global {@code ARG} defaults substituted into {@code
 * FROM}. Enough to check the shape of the image without a Docker engine.
 */
record Dockerfile(Map<String, String> globalArgs, List<Stage> stages) {

  /** One instruction: its keyword in upper case, its {@code --flags}, and the rest. */
  record Instruction(String keyword, Map<String, String> flags, String arguments, int line) {}

  /** One build stage: the image it starts from, its optional name and its instructions. */
  record Stage(String image, String name, List<Instruction> instructions) {

    List<Instruction> all(String keyword) {
      return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }
  }

  private static final Pattern INSTRUCTION = Pattern.compile("^\\s*([A-Za-z]+)(?:\\s+(.*))?$");
  private static final Pattern FLAG = Pattern.compile("^--([a-z-]+)(?:=(\\S*))?\\s*");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)}?");

  static Dockerfile parse(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    Map<String, String> globalArgs = new LinkedHashMap<>();
    List<Stage> stages = new ArrayList<>();
    List<Instruction> current = null;
    StringBuilder logical = new StringBuilder();
    int start = 0;
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n);
      if (line.isBlank() || line.strip().startsWith("#")) {
        continue; // the builder skips comment lines even inside a continuation
      }
      if (logical.isEmpty()) {
        start = n + 1;
      }
      boolean continues = line.stripTrailing().endsWith("\\");
      logical
          .append(
              continues
                  ? line.stripTrailing().substring(0, line.stripTrailing().length() - 1)
                  : line)
          .append(' ');
      if (continues) {
        continue;
      }
      Instruction instruction = instruction(logical.toString().strip(), start);
      logical.setLength(0);
      if (instruction.keyword().equals("FROM")) {
        String[] words = instruction.arguments().split("\\s+");
        String image = substitute(words[0], globalArgs);
        String name = words.length == 3 && words[1].equalsIgnoreCase("AS") ? words[2] : null;
        current = new ArrayList<>();
        stages.add(new Stage(image, name, current));
      } else if (current == null) {
        if (!instruction.keyword().equals("ARG")) {
          throw new IllegalArgumentException(
              "line " + start + ": only ARG may come before the first FROM");
        }
        String[] kv = instruction.arguments().split("=", 2);
        globalArgs.put(kv[0].strip(), kv.length == 2 ? kv[1].strip() : "");
      } else {
        current.add(instruction);
      }
    }
    if (!logical.isEmpty()) {
      throw new IllegalArgumentException("line " + start + ": continuation runs past the end");
    }
    return new Dockerfile(globalArgs, stages);
  }

  private static Instruction instruction(String text, int line) {
    Matcher matcher = INSTRUCTION.matcher(text);
    if (!matcher.matches()) {
      throw new IllegalArgumentException("line " + line + ": not an instruction: " + text);
    }
    String rest = matcher.group(2) == null ? "" : matcher.group(2).strip();
    Map<String, String> flags = new LinkedHashMap<>();
    Matcher flag = FLAG.matcher(rest);
    while (flag.lookingAt()) {
      flags.put(flag.group(1), flag.group(2) == null ? "" : flag.group(2));
      rest = rest.substring(flag.end());
      flag = FLAG.matcher(rest);
    }
    return new Instruction(matcher.group(1).toUpperCase(java.util.Locale.ROOT), flags, rest, line);
  }

  private static String substitute(String text, Map<String, String> args) {
    Matcher matcher = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String value = args.get(matcher.group(1));
      if (value == null) {
        throw new IllegalArgumentException("FROM uses undeclared ARG " + matcher.group(1));
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(out);
    return out.toString();
  }
}
