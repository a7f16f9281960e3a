// Entry of harness.html: each backend's harness module attaches its test hooks to window.
// Globbed so the harness page builds whichever backends exist in this checkout.
import.meta.glob('../../gpu/harness/*-harness.ts', { eager: true });
