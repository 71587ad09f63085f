package io.mailferry.ops.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ToolRunTest {

  private static String text(String stamped) {
    return stamped.substring(stamped.indexOf("  ") + 2);
  }

  @Test
  void aPasswordGivenToTheRunNeverReachesItsLog() {
    ToolRun run = new ToolRun("1", "compare", "a@example.org");
    run.secret("s3cret-pw");
    run.log("source said: s3cret-pw is wrong");
    assertThat(run.log(0)).singleElement().asString().endsWith("source said: ••• is wrong");
  }

  @Test
  void aLongLogKeepsItsFirstAndNewestLinesAndSaysHowManyInBetweenWereDropped() {
    ToolRun run = new ToolRun("2", "migrate", "a@example.org");
    int total = ToolRun.HEAD_LINES + ToolRun.TAIL_LINES + 500;
    for (int i = 0; i < total; i++) {
      run.log("line " + i);
    }
    run.finish(ToolRun.Status.COMPLETED, "all copied");
    List<String> all = run.log(0);
    assertThat(run.lineCount()).isEqualTo(total + 1);
    assertThat(all).hasSize(ToolRun.HEAD_LINES + 1 + ToolRun.TAIL_LINES);
    assertThat(text(all.get(0))).isEqualTo("line 0");
    assertThat(text(all.get(ToolRun.HEAD_LINES - 1))).isEqualTo("line " + (ToolRun.HEAD_LINES - 1));
    assertThat(all.get(ToolRun.HEAD_LINES))
        .isEqualTo("(501 lines were not kept here: the first and the newest are)");
    assertThat(text(all.get(all.size() - 1))).isEqualTo("Done: all copied");

    List<String> newest = run.log(run.lineCount() - 2);
    assertThat(newest)
        .extracting(ToolRunTest::text)
        .containsExactly("line " + (total - 1), "Done: all copied");
    assertThat(run.log(run.lineCount())).isEmpty();
    assertThat(run.log(ToolRun.HEAD_LINES + 10))
        .first()
        .asString()
        .startsWith("(491 lines were not kept");
  }
}
