"""Players and the campaign: the Player protocol, the commanders, the one campaign loop
that makes a History, the kernel's loop that plays a campaign for its outcome alone
(:mod:`engine.play.quick`), and what a campaign came to."""
