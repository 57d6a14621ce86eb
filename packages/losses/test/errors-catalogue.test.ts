import { describeCatalogue } from "../../core/test/describe-catalogue.js";
import { lossesBehaviourNotes, lossesErrorCases } from "./errors-cases.js";

describeCatalogue("@tsgrad/losses", lossesErrorCases, lossesBehaviourNotes);
