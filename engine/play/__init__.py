"""Players and the campaign: the Player protocol, the AI commander, the one campaign loop
that makes a History, what a campaign came to, and the session at the prompt."""
