"""The core: what a record is made of, below any event — errors, dates, money and other values, the records an
answer holds (agreements, commitments, funding...), entities, the vocabulary of words, and each value's text.
It imports nothing else of aitimeline."""
