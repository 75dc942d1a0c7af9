# Console: the page a dispatcher sees when a request could not be done
error_title = Not done
storage_full = The server's storage is full: this action was not saved. Everything saved before is still there and pages can still be viewed. Ask the administrator to free space, then try again.
internal = The server failed inside: this action may not have been saved. Reload the page to check and try again; if it keeps failing, call the administrator.
rate_limited = Too many actions at once; wait a minute and try again.
not_found = The record to act on was not found; it may have been removed or its number is wrong.
conflict = This record was changed meanwhile (perhaps by another dispatcher or the crew), so this action was not carried out. Reload the page, then decide.
refused = The request was not accepted; nothing was changed.
detail = Details:
back_to_board = Back to the board
