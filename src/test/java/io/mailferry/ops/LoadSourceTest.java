package io.mailferry.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadSourceTest {

  @TempDir Path directory;

  @Test
  void aFileSourceReadsTheNumberInTheFile() throws IOException {
    Path file = Files.writeString(directory.resolve("load"), " 0.42\n");

    assertThat(LoadSource.file(file).load()).isEqualTo(0.42);
  }

  @Test
  void aFileSourceReadsTheFileAgainEachTime() throws IOException {
    Path file = Files.writeString(directory.resolve("load"), "0.1");
    LoadSource source = LoadSource.file(file);
    assertThat(source.load()).isEqualTo(0.1);

    Files.writeString(file, "1");

    assertThat(source.load()).isEqualTo(1.0);
  }

  @Test
  void aMissingFileMeansUnknown() {
    assertThat(LoadSource.file(directory.resolve("absent")).load()).isNaN();
  }

  @Test
  void aFileWithoutANumberMeansUnknown() throws IOException {
    Path file = Files.writeString(directory.resolve("load"), "busy");

    assertThat(LoadSource.file(file).load()).isNaN();
  }
}
