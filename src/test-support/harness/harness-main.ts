// Entry of harness.html: each harness module attaches its test hooks to window.
import './core-harness';
import './gpu-harness';
