package io.mailferry.source.imap;

/**
 * The folder the source connection has selected. Opening another deselects it on the server, so a
 * folder opened before is no longer readable: reading it would read the other folder.
 */
final class SelectedFolder {

  private volatile OpenSourceFolder selected;

  /** The connection selects this folder now (null: none, as after a failed EXAMINE). */
  void select(OpenSourceFolder folder) {
    selected = folder;
  }

  void check(OpenSourceFolder folder) {
    if (selected != folder) {
      throw new IllegalStateException(
          "The source folder "
              + folder.fullName()
              + " was closed, or another was opened on its connection since");
    }
  }

  void release(OpenSourceFolder folder) {
    if (selected == folder) {
      selected = null;
    }
  }
}
