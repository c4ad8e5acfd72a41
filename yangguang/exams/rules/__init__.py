"""Pure rules of knowledge contests (no ORM): quota draws, paper drawing, option shuffling,
invigilation solving, grading, advancement, finals scoring, near-duplicate detection."""
