"""Suggesting the body a citizen's item belongs to (issue 19): read the text as Vietnamese is
really written (`reading`), recognise the places it names (`places`), and rank the bodies by a
model trained in the worker from each body's remit and every routing decision (`model`)."""
