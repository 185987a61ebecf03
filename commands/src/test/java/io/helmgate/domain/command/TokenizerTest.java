package io.helmgate.domain.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helmgate.domain.command.Tokenizer.Token;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenizerTest {

  private static List<String> words(String input) {
    return Tokenizer.tokenize(input).stream().map(Token::text).toList();
  }

  @Test
  void whitespaceSeparatesAndRunsOfItCountOnce() {
    assertThat(words("  a   b\tc ")).containsExactly("a", "b", "c");
  }

  @Test
  void noBreakAndIdeographicSpacesSeparate() {
    assertThat(words("a\u00A0b\u202Fc\u3000d")).containsExactly("a", "b", "c", "d");
  }

  @Test
  void zeroWidthSpacesDoNotSeparateSoNameRulesSeeThem() {
    assertThat(words("a\u200Bb")).containsExactly("a\u200Bb");
  }

  @Test
  void doubleQuotesKeepSpacesAndMayStartMidWord() {
    assertThat(words("reason=\"CHG-1 monthly\" x")).containsExactly("reason=CHG-1 monthly", "x");
  }

  @Test
  void singleQuotesKeepSpacesAndBackslashes() {
    assertThat(words("reason='a \\\" b'")).containsExactly("reason=a \\\" b");
  }

  @Test
  void insideDoubleQuotesABackslashEscapesQuotesAndBackslashesOnly() {
    assertThat(words("r=\"say \\\"hi\\\" C:\\\\temp C:\\new\""))
        .containsExactly("r=say \"hi\" C:\\temp C:\\new");
  }

  @Test
  void outsideQuotesABackslashIsAnOrdinaryCharacter() {
    assertThat(words("a\\ b")).containsExactly("a\\", "b");
  }

  @Test
  void typographicQuotesPairAsPeopleTypeThem() {
    assertThat(words("r=“a b” r=„c d“ r=”e f” r=‘g h’ r=‚i j‘ r=«k l»"))
        .containsExactly("r=a b", "r=c d", "r=e f", "r=g h", "r=i j", "r=k l");
  }

  @Test
  void aTypographicQuoteInsideAsciiDoubleQuotesIsText() {
    assertThat(words("r=\"he said “hi”\"")).containsExactly("r=he said “hi”");
  }

  @Test
  void aRightSingleQuoteAloneIsAnApostrophe() {
    assertThat(words("r=don’t go")).containsExactly("r=don’t", "go");
  }

  @Test
  void adjacentQuotedPartsJoinIntoOneWord() {
    assertThat(words("a\"b c\"'d e'")).containsExactly("ab cd e");
  }

  @Test
  void anEmptyQuotedStringIsAnEmptyWord() {
    assertThat(words("\"\" x")).containsExactly("", "x");
  }

  @Test
  void theRawFormKeepsTheQuotesForMessages() {
    assertThat(Tokenizer.tokenize("reason=\"a b\""))
        .containsExactly(new Token("reason=a b", "reason=\"a b\""));
  }

  @Test
  void anUnclosedQuoteIsRefusedNamingTheClosingQuote() {
    assertThatThrownBy(() -> Tokenizer.tokenize("reason='abc"))
        .isInstanceOf(Refusal.class)
        .hasMessageContaining("The quote in `reason='abc` is not closed: close it with `'`");
  }

  @Test
  void aBackslashBeforeTheEndDoesNotCloseOrEscapePastTheEnd() {
    assertThatThrownBy(() -> Tokenizer.tokenize("r=\"abc\\"))
        .isInstanceOf(Refusal.class)
        .hasMessageContaining("is not closed");
    assertThatThrownBy(() -> Tokenizer.tokenize("r=\"abc\\\""))
        .isInstanceOf(Refusal.class)
        .hasMessageContaining("is not closed");
  }

  @Test
  void loneSurrogatesAndSupplementaryCharactersAreKept() {
    assertThat(words("\uD800 😀x")).containsExactly("\uD800", "😀x");
  }
}
