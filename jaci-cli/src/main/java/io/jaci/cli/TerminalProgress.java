package io.jaci.cli;

import io.jaci.core.ProgressListener;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Draws a byte-counting progress bar on stderr. */
final class TerminalProgress implements ProgressListener {
  private ProgressBar bar;

  @Override
  public void start(String task, long totalBytes) {
    bar = new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(totalBytes)
        .setStyle(ProgressBarStyle.ASCII)
        .setUnit(" MiB", 1 << 20)
        .setUpdateIntervalMillis(200)
        .continuousUpdate()
        .clearDisplayOnFinish()
        .build();
  }

  @Override
  public void advance(long bytes) {
    if (bar != null) {
      bar.stepBy(bytes);
    }
  }

  @Override
  public void finish() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
