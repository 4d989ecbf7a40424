// nba_predictions.player_prop_predictions: written by the predictions coordinator; declared here (typed) so grading can ref() it.
declare(predictions_output.declaration());
